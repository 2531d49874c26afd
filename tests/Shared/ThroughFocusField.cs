using FocusController.Imaging;

namespace FocusController.Tests.Shared;

/// <summary>
/// A synthetic field of view whose look turns with focus: cos(z)·A + sin(z)·B for two fixed smooth textures (z in
/// µm), so a frame above focus differs from one below as a phase structure's contrast inversion does, plus camera
/// noise, seen through a window that can creep sideways by up to <paramref name="maxShift"/> pixels. Linked into the
/// test projects that need frames with content (the reference stack's tests and tracking's).
/// </summary>
internal sealed class ThroughFocusField(int seed, int side = 96, int maxShift = 24)
{
    private readonly int _canvas = side + (2 * maxShift);
    private readonly float[] _a = Texture(seed, side + (2 * maxShift));
    private readonly float[] _b = Texture(seed + 7919, side + (2 * maxShift));

    public int Side => side;

    /// <summary>The frame at defocus <paramref name="zUm"/>, the window moved by (<paramref name="shiftX"/>, <paramref name="shiftY"/>) pixels.</summary>
    public RgbImage Frame(double zUm, int noiseSeed, int shiftX = 0, int shiftY = 0, double noise = 2)
    {
        if (Math.Abs(shiftX) > maxShift || Math.Abs(shiftY) > maxShift)
        {
            throw new ArgumentOutOfRangeException(nameof(shiftX), $"the field's window moves at most {maxShift} pixels");
        }

        var random = new Random(noiseSeed);
        var image = new RgbImage(side, side);
        double ca = Math.Cos(zUm), sb = Math.Sin(zUm);
        for (int y = 0; y < side; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < side; x++)
            {
                int i = ((y + maxShift + shiftY) * _canvas) + x + maxShift + shiftX;
                double v = 128 + (50 * ((ca * _a[i]) + (sb * _b[i]))) + (noise * Gaussian(random));
                byte level = (byte)Math.Clamp(Math.Round(v), 0, 255);
                row[3 * x] = level;
                row[(3 * x) + 1] = level;
                row[(3 * x) + 2] = level;
            }
        }

        return image;
    }

    private static float[] Texture(int seed, int canvas)
    {
        var random = new Random(seed);
        var waves = Enumerable.Range(0, 16).Select(_ => (
            Fx: (random.NextDouble() - 0.5) * 0.3,
            Fy: (random.NextDouble() - 0.5) * 0.3,
            Phase: random.NextDouble() * 2 * Math.PI)).ToArray();
        var values = new float[canvas * canvas];
        for (int y = 0; y < canvas; y++)
        {
            for (int x = 0; x < canvas; x++)
            {
                double v = 0;
                foreach (var (fx, fy, phase) in waves)
                {
                    v += Math.Cos((2 * Math.PI * ((fx * x) + (fy * y))) + phase);
                }

                values[(y * canvas) + x] = (float)(v / 4);
            }
        }

        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
