using FocusController.Imaging;
using SkiaSharp;

namespace FocusController.Simulation.Sensor;

/// <summary>
/// Turns optical intensity (1 = empty field) on the simulation grid into an 8-bit RGB frame: bins
/// <c>bin</c>×<c>bin</c> samples into a pixel, applies exposure, vignetting, shot and read noise, gain, quantisation
/// and clipping, and optionally an MJPEG round trip.
/// </summary>
public static class SensorSimulator
{
    /// <param name="intensity">Per channel, on a grid <paramref name="gridWidth"/> wide.</param>
    /// <param name="originX">Grid column of the frame's left edge.</param>
    /// <param name="originY">Grid row of the frame's top edge.</param>
    public static RgbImage Capture(
        double[][] intensity, int gridWidth, int originX, int originY, int frameWidth, int frameHeight, int bin, SensorModel sensor, Random noise)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(noise);
        var image = new RgbImage(frameWidth, frameHeight);
        var pixels = image.Pixels;
        double binArea = bin * bin;
        double cx = (frameWidth - 1) / 2.0;
        double cy = (frameHeight - 1) / 2.0;
        double cornerSquared = Math.Max(1, (cx * cx) + (cy * cy));
        bool noisy = sensor.GainElectronsPerAdu > 0;
        for (int y = 0; y < frameHeight; y++)
        {
            for (int x = 0; x < frameWidth; x++)
            {
                double shade = sensor.RelativeExposure;
                if (sensor.Vignetting > 0)
                {
                    double r2 = (((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / cornerSquared;
                    shade *= 1 - (sensor.Vignetting * r2);
                }

                for (int c = 0; c < 3; c++)
                {
                    var channel = intensity[c];
                    double sum = 0;
                    for (int by = 0; by < bin; by++)
                    {
                        int row = ((originY + (y * bin) + by) * gridWidth) + originX + (x * bin);
                        for (int bx = 0; bx < bin; bx++)
                        {
                            sum += channel[row + bx];
                        }
                    }

                    double adu = Math.Max(0, sum / binArea) * shade * sensor.BackgroundLevel[c];
                    if (noisy)
                    {
                        double electrons = Poisson(adu * sensor.GainElectronsPerAdu, noise)
                            + (sensor.ReadNoiseElectrons * Gaussian(noise));
                        adu = electrons / sensor.GainElectronsPerAdu;
                    }

                    pixels[(((y * frameWidth) + x) * 3) + c] = (byte)Math.Clamp(Math.Round(adu), 0, 255);
                }
            }
        }

        if (sensor.JpegQuality is int quality)
        {
            return ImageFile.Decode(ImageFile.EncodeBytes(image, SKEncodedImageFormat.Jpeg, quality), "simulated MJPEG frame");
        }

        return image;
    }

    /// <summary>Poisson sample: exact (Knuth) for small means, the normal approximation above 30 electrons.</summary>
    internal static double Poisson(double mean, Random random)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, mean + (Math.Sqrt(mean) * Gaussian(random)));
        }

        double limit = Math.Exp(-mean);
        double product = random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
