using FocusController.Simulation.Sensor;

namespace FocusController.Simulation.Tests;

public class SensorSimulatorTests
{
    private const int Size = 64;

    private static double[][] Flat(double intensity) =>
        [Enumerable.Repeat(intensity, Size * Size).ToArray(), Enumerable.Repeat(intensity, Size * Size).ToArray(), Enumerable.Repeat(intensity, Size * Size).ToArray()];

    [Fact]
    public void Noise_variance_is_shot_plus_read_noise_over_gain()
    {
        var sensor = new SensorModel { BackgroundLevel = new(100, 100, 100), GainElectronsPerAdu = 4, ReadNoiseElectrons = 6 };

        var image = SensorSimulator.Capture(Flat(1), Size, 0, 0, Size, Size, 1, sensor, new NoiseSource(3));

        var values = image.Pixels.Select(p => (double)p).ToArray();
        double mean = values.Average();
        double variance = values.Average(v => (v - mean) * (v - mean));
        // electrons 400: shot variance 400, read 36 → (436 / 4²) ADU² ≈ 27.3, plus 1/12 from rounding
        Assert.Equal(100, mean, 0.3);
        Assert.Equal((436.0 / 16) + (1.0 / 12), variance, 2.5);
    }

    [Fact]
    public void Bright_light_clips_at_255_and_exposure_scales_the_level()
    {
        var clipped = SensorSimulator.Capture(Flat(3), Size, 0, 0, Size, Size, 1, SensorModel.Noiseless, new NoiseSource(1));
        var half = SensorSimulator.Capture(Flat(1), Size, 0, 0, Size, Size, 1, SensorModel.Noiseless with { RelativeExposure = 0.5 }, new NoiseSource(1));

        Assert.All(clipped.Pixels, p => Assert.Equal(255, p));
        Assert.All(half.Pixels, p => Assert.Equal(64, p));
    }

    [Fact]
    public void Binning_averages_samples_and_vignetting_darkens_the_corners()
    {
        var intensity = Flat(1);
        for (int i = 0; i < intensity[0].Length; i += 2)
        {
            intensity[0][i] = 0;
        }

        var binned = SensorSimulator.Capture(intensity, Size, 0, 0, Size / 2, Size / 2, 2, SensorModel.Noiseless, new NoiseSource(1));
        var vignetted = SensorSimulator.Capture(Flat(1), Size, 0, 0, Size, Size, 1, SensorModel.Noiseless with { Vignetting = 0.2 }, new NoiseSource(1));

        Assert.Equal((Size / 2, Size / 2), (binned.Width, binned.Height));
        Assert.All(binned.Pixels.Where((_, i) => i % 3 == 0), p => Assert.Equal(64, p));
        Assert.Equal(102, vignetted.Pixels[0]);
        Assert.True(vignetted.Pixels[(((Size / 2) * Size) + (Size / 2)) * 3] >= 127);
    }

    [Fact]
    public void The_MJPEG_round_trip_changes_pixels_a_little()
    {
        var sensor = new SensorModel { JpegQuality = 60, BackgroundLevel = new(150, 150, 150) };
        var clean = SensorSimulator.Capture(Flat(1), Size, 0, 0, Size, Size, 1, sensor with { JpegQuality = null }, new NoiseSource(5));
        var jpeg = SensorSimulator.Capture(Flat(1), Size, 0, 0, Size, Size, 1, sensor, new NoiseSource(5));

        double difference = clean.Pixels.Zip(jpeg.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(difference, 0.1, 10);
    }
}
