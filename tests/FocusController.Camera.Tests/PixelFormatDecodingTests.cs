using FocusController.Camera.Tests.Fakes;
using FocusController.Imaging;
using FocusController.Imaging.PixelFormats;
using SkiaSharp;

namespace FocusController.Camera.Tests;

public class PixelFormatDecodingTests
{
    public static TheoryData<byte, byte, byte> Colours => new()
    {
        { 255, 0, 0 },
        { 0, 255, 0 },
        { 0, 0, 255 },
        { 255, 255, 255 },
        { 0, 0, 0 },
        { 128, 128, 128 },
        { 200, 120, 40 },
        { 30, 180, 220 },
    };

    [Theory]
    [MemberData(nameof(Colours))]
    public void Yuyv_of_a_known_colour_decodes_to_that_colour(byte r, byte g, byte b)
    {
        // Encoded here with the BT.601 limited-range equations in floating point, independently of the code under test.
        var (y, cb, cr) = Bt601LimitedRange(r, g, b);
        const int width = 4, height = 2;
        var yuyv = new byte[width * height * 2];
        for (int i = 0; i < yuyv.Length; i += 4)
        {
            yuyv[i] = y;
            yuyv[i + 1] = cb;
            yuyv[i + 2] = y;
            yuyv[i + 3] = cr;
        }

        var image = new RgbImage(width, height);
        Yuyv.ToRgb(yuyv, image);

        for (int py = 0; py < height; py++)
        {
            for (int px = 0; px < width; px++)
            {
                TestImages.AssertNear((r, g, b), TestImages.At(image, px, py), 2);
            }
        }
    }

    [Fact]
    public void Yuyv_pairs_share_chroma_but_keep_their_own_luma()
    {
        // Y0=16 (black), Y1=235 (white), neutral chroma: the two pixels of the pair must differ fully.
        byte[] yuyv = [16, 128, 235, 128];
        var image = new RgbImage(2, 1);

        Yuyv.ToRgb(yuyv, image);

        Assert.Equal((byte)0, image.Pixels[0]);
        Assert.Equal((byte)255, image.Pixels[3]);
    }

    [Fact]
    public void A_short_yuyv_buffer_is_a_clear_error_naming_both_lengths()
    {
        var image = new RgbImage(4, 2);

        var error = Assert.Throws<InvalidImageException>(() => Yuyv.ToRgb(new byte[10], image));

        Assert.Contains("10 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rgb24_passes_through_and_ignores_bytes_past_the_image()
    {
        var source = TestImages.Flat(4, 3, 10, 20, 30);
        var buffer = new byte[source.Pixels.Length + 50];
        source.Pixels.CopyTo(buffer, 0);
        using var decoder = new RawFrameDecoder();

        var image = decoder.Decode(FramePixelFormat.Rgb24, buffer, 4, 3);

        Assert.Equal(source.Pixels, image.Pixels);
    }

    [Fact]
    public void Mjpeg_with_trailing_garbage_decodes_like_the_clean_jpeg()
    {
        var scene = Quadrants(64, 48);
        var jpeg = ImageFile.EncodeBytes(scene, SKEncodedImageFormat.Jpeg, 95);
        var buffer = FakeCapture.WithUvcTail(jpeg);
        using var decoder = new RawFrameDecoder();

        var image = decoder.Decode(FramePixelFormat.Mjpeg, buffer, 64, 48);

        Assert.Equal(ImageFile.Decode(jpeg).Pixels, image.Pixels);
        TestImages.AssertNear((255, 0, 0), TestImages.At(image, 8, 8), 6);
        TestImages.AssertNear((0, 0, 255), TestImages.At(image, 56, 40), 6);
    }

    [Fact]
    public void The_jpeg_end_is_the_first_real_end_marker_not_one_in_stale_bytes()
    {
        var jpeg = ImageFile.EncodeBytes(Quadrants(32, 32), SKEncodedImageFormat.Jpeg, 90);
        var buffer = FakeCapture.WithUvcTail(jpeg);

        Assert.Equal(jpeg.Length, JpegFrame.FindEnd(buffer));
        Assert.Equal(jpeg.Length, JpegFrame.FindEnd(jpeg));
    }

    [Fact]
    public void An_end_marker_inside_a_metadata_segment_does_not_end_the_jpeg()
    {
        var jpeg = ImageFile.EncodeBytes(Quadrants(32, 32), SKEncodedImageFormat.Jpeg, 90);
        // An APP1 segment (like an EXIF thumbnail) whose payload contains FF D9, inserted right after SOI.
        byte[] app1 = [0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9];
        var withSegment = jpeg[..2].Concat(app1).Concat(jpeg[2..]).ToArray();

        Assert.Equal(withSegment.Length, JpegFrame.FindEnd(withSegment));
    }

    [Fact]
    public void A_truncated_mjpeg_frame_is_a_clear_error_not_a_crash()
    {
        var jpeg = ImageFile.EncodeBytes(Quadrants(64, 48), SKEncodedImageFormat.Jpeg, 95);
        var truncated = jpeg[..(jpeg.Length / 2)];
        using var decoder = new RawFrameDecoder();

        var error = Assert.Throws<InvalidImageException>(() => decoder.Decode(FramePixelFormat.Mjpeg, truncated, 64, 48));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("FF D9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buffer_that_is_not_a_jpeg_is_a_clear_error()
    {
        using var decoder = new RawFrameDecoder();

        var error = Assert.Throws<InvalidImageException>(() => decoder.Decode(FramePixelFormat.Mjpeg, new byte[100], 8, 8));

        Assert.Contains("FF D8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_of_another_size_than_negotiated_is_rejected()
    {
        var jpeg = ImageFile.EncodeBytes(Quadrants(32, 32), SKEncodedImageFormat.Jpeg, 90);
        using var decoder = new RawFrameDecoder();

        var error = Assert.Throws<InvalidImageException>(() => decoder.Decode(FramePixelFormat.Mjpeg, jpeg, 64, 48));

        Assert.Contains("32x32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoding_into_a_reused_image_overwrites_it_completely()
    {
        using var decoder = new RawFrameDecoder();
        var target = new RgbImage(16, 16);

        decoder.Decode(FramePixelFormat.Mjpeg, ImageFile.EncodeBytes(TestImages.Flat(16, 16, 250, 250, 250), SKEncodedImageFormat.Jpeg, 95), target);
        decoder.Decode(FramePixelFormat.Mjpeg, ImageFile.EncodeBytes(TestImages.Flat(16, 16, 0, 90, 0), SKEncodedImageFormat.Jpeg, 95), target);

        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                TestImages.AssertNear((0, 90, 0), TestImages.At(target, x, y), 4);
            }
        }
    }

    [Fact]
    public void Yuyv_round_trip_through_the_test_encoder_is_within_rounding()
    {
        var scene = Quadrants(16, 8);
        var image = new RgbImage(16, 8);

        Yuyv.ToRgb(Yuyv.FromRgb(scene), image);

        TestImages.AssertNear(TestImages.At(scene, 2, 2), TestImages.At(image, 2, 2), 3);
        TestImages.AssertNear(TestImages.At(scene, 13, 6), TestImages.At(image, 13, 6), 3);
    }

    internal static RgbImage Quadrants(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
        {
            var row = image.Row(y);
            for (int x = 0; x < width; x++)
            {
                (byte r, byte g, byte b) = (x < width / 2, y < height / 2) switch
                {
                    (true, true) => ((byte)255, (byte)0, (byte)0),
                    (false, true) => ((byte)0, (byte)255, (byte)0),
                    (true, false) => ((byte)255, (byte)255, (byte)255),
                    _ => ((byte)0, (byte)0, (byte)255),
                };
                row[x * 3] = r;
                row[(x * 3) + 1] = g;
                row[(x * 3) + 2] = b;
            }
        }

        return image;
    }

    private static (byte Y, byte Cb, byte Cr) Bt601LimitedRange(byte r, byte g, byte b)
    {
        double rn = r / 255.0, gn = g / 255.0, bn = b / 255.0;
        double y = 16 + (65.481 * rn) + (128.553 * gn) + (24.966 * bn);
        double cb = 128 - (37.797 * rn) - (74.203 * gn) + (112.0 * bn);
        double cr = 128 + (112.0 * rn) - (93.786 * gn) - (18.214 * bn);
        return ((byte)Math.Round(y), (byte)Math.Round(cb), (byte)Math.Round(cr));
    }
}
