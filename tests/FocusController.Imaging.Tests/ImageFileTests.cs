namespace FocusController.Imaging.Tests;

public class ImageFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    [Theory]
    [InlineData("small-uncompressed.tiff")]
    [InlineData("small-lzw.tiff")]
    [InlineData("small-deflate.tiff")]
    public void Tiff_reads_the_same_pixels_as_the_png(string name)
    {
        var png = ImageFile.Read(Fixture("small.png"));
        var tiff = ImageFile.Read(Fixture(name));

        Assert.Equal((png.Width, png.Height), (tiff.Width, tiff.Height));
        Assert.Equal(png.Pixels, tiff.Pixels);
    }

    [Fact]
    public void Sixteen_bit_grey_tiff_reads_as_grey_with_the_high_byte()
    {
        var image = ImageFile.Read(Fixture("grey16.tiff"));

        Assert.Equal((37, 23), (image.Width, image.Height));
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                byte expected = (byte)(((x * 7) + (y * 11)) % 256);
                int i = (y * image.Stride) + (3 * x);
                Assert.Equal([expected, expected, expected], image.Pixels[i..(i + 3)]);
            }
        }
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        string path = Fixture("no-such-frame.png");

        var ex = Assert.Throws<InvalidImageException>(() => ImageFile.Read(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_tiff_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"corrupt-{Environment.ProcessId}.tiff");
        var bytes = File.ReadAllBytes(Fixture("small-lzw.tiff"));
        File.WriteAllBytes(path, bytes[..40]);
        try
        {
            var ex = Assert.Throws<InvalidImageException>(() => ImageFile.Read(path));

            Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
