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
        double[][] intensity, int gridWidth, int originX, int originY, int frameWidth, int frameHeight, int bin, SensorModel sensor, NoiseSource noise)
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
        double readVariance = sensor.ReadNoiseElectrons * sensor.ReadNoiseElectrons;
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
                        double mean = adu * sensor.GainElectronsPerAdu;
                        // above 30 electrons shot noise is Gaussian too, and two independent Gaussians are one
                        double electrons = mean > 30
                            ? mean + (Math.Sqrt(mean + readVariance) * noise.NextGaussian())
                            : noise.NextPoisson(mean) + (sensor.ReadNoiseElectrons * noise.NextGaussian());
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
}
