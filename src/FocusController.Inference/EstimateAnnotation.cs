using System.Globalization;
using FocusController.Imaging;
using SkiaSharp;

namespace FocusController.Inference;

/// <summary>
/// Draws an estimate on its frame, like the paper's Fig. 12: each patch outlined (green when used, red when
/// rejected) with its estimate or the reason it was rejected, and the combined estimate across the top.
/// For checking a setup by eye; text needs a system font (on a board without fonts only the grid shows).
/// </summary>
public static class EstimateAnnotation
{
    private static readonly SKColor Used = new(40, 220, 60);
    private static readonly SKColor Rejected = new(230, 40, 40);
    private static readonly SKColor LabelBackground = new(0, 0, 0, 170);

    public static SKBitmap Render(RgbImage frame, DefocusEstimate estimate, int patchSize)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(estimate);
        var bitmap = ImageFile.ToBitmap(frame);
        using var canvas = new SKCanvas(bitmap);
        float stroke = Math.Max(2, frame.Width / 400f);
        using var font = new SKFont(SKTypeface.Default, Math.Max(12, patchSize / 7f));
        using var outline = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        foreach (var patch in estimate.Patches)
        {
            outline.Color = patch.Used ? Used : Rejected;
            canvas.DrawRect(patch.X + (stroke / 2), patch.Y + (stroke / 2), patchSize - stroke, patchSize - stroke, outline);
            string label = patch.Used
                ? string.Create(CultureInfo.InvariantCulture, $"{patch.DefocusUm:+0.00;-0.00} um")
                : ShortReason(patch.RejectedBecause);
            Label(canvas, label, patch.X + stroke + 2, patch.Y + stroke + 2, font, fill, patch.Used ? Used : Rejected);
        }

        string summary = estimate.HasValue
            ? string.Create(CultureInfo.InvariantCulture, $"defocus {estimate.DefocusUm:+0.00;-0.00} um, confidence {estimate.Confidence:0.00}")
            : "no content";
        Label(canvas, summary, 4, 4, font, fill, SKColors.White);
        return bitmap;
    }

    /// <summary>Renders and writes a PNG; the directory must exist.</summary>
    public static void WritePng(RgbImage frame, DefocusEstimate estimate, int patchSize, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var bitmap = Render(frame, estimate, patchSize);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("Skia could not encode PNG");
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    private static string ShortReason(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "rejected";
        }

        int end = reason.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? reason : reason[..end];
    }

    private static void Label(SKCanvas canvas, string text, float x, float y, SKFont font, SKPaint paint, SKColor colour)
    {
        float width = font.MeasureText(text);
        var metrics = font.Metrics;
        float height = metrics.Descent - metrics.Ascent;
        paint.Color = LabelBackground;
        canvas.DrawRect(x, y, width + 6, height + 4, paint);
        paint.Color = colour;
        canvas.DrawText(text, x + 3, y + 2 - metrics.Ascent, SKTextAlign.Left, font, paint);
    }
}
