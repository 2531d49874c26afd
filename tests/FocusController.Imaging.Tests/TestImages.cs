namespace FocusController.Imaging.Tests;

/// <summary>Deterministic synthetic frames for the tiling, content and focus-measure tests.</summary>
internal static class TestImages
{
    public static RgbImage Uniform(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        var pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = r;
            pixels[i + 1] = g;
            pixels[i + 2] = b;
        }

        return image;
    }

    /// <summary>Grey random texture, levels <paramref name="low"/>..<paramref name="high"/>, in blocks of <paramref name="block"/> pixels.</summary>
    public static RgbImage Texture(int width, int height, int seed, int low = 40, int high = 220, int block = 2)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        int blocksX = (width + block - 1) / block;
        var levels = new byte[blocksX * ((height + block - 1) / block)];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = (byte)random.Next(low, high + 1);
        }

        for (int y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < width; x++)
            {
                byte v = levels[((y / block) * blocksX) + (x / block)];
                row[3 * x] = v;
                row[(3 * x) + 1] = v;
                row[(3 * x) + 2] = v;
            }
        }

        return image;
    }

    /// <summary>Box blur of radius r (repeated twice, near-Gaussian): the defocused version of an image.</summary>
    public static RgbImage Blur(RgbImage image, int radius)
    {
        var once = BoxBlur(image, radius);
        return BoxBlur(once, radius);
    }

    private static RgbImage BoxBlur(RgbImage image, int radius)
    {
        var result = new RgbImage(image.Width, image.Height);
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    int count = 0;
                    for (int dy = -radius; dy <= radius; dy++)
                    {
                        for (int dx = -radius; dx <= radius; dx++)
                        {
                            int yy = Math.Clamp(y + dy, 0, image.Height - 1);
                            int xx = Math.Clamp(x + dx, 0, image.Width - 1);
                            sum += image.Pixels[(yy * image.Stride) + (3 * xx) + c];
                            count++;
                        }
                    }

                    result.Pixels[(y * image.Stride) + (3 * x) + c] = (byte)((sum + (count / 2)) / count);
                }
            }
        }

        return result;
    }
}
