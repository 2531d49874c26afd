using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FocusController.Inference;

namespace FocusController.Host.Commands;

/// <summary>
/// One estimate as one line of JSON: file, model, status (ok | no_content), defocus_um (null when no_content),
/// confidence, elapsed_ms (tiling, content test, inference and combination; not decoding), and the patches
/// with x, y, defocus_um (null when not estimated), used and rejected_because. Numbers are invariant (JSON).
/// </summary>
public static class PredictionJson
{
    // a line for a terminal or a log, never embedded in HTML: keep '<' and non-ASCII readable
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(string file, string model, DefocusEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("file", file);
            writer.WriteString("model", model);
            writer.WriteString("status", estimate.HasValue ? "ok" : "no_content");
            WriteNumberOrNull(writer, "defocus_um", estimate.HasValue ? estimate.DefocusUm : double.NaN);
            writer.WriteNumber("confidence", Math.Round(estimate.Confidence, 4));
            writer.WriteNumber("elapsed_ms", Math.Round(estimate.Elapsed.TotalMilliseconds, 3));
            writer.WriteStartArray("patches");
            foreach (var patch in estimate.Patches)
            {
                writer.WriteStartObject();
                writer.WriteNumber("x", patch.X);
                writer.WriteNumber("y", patch.Y);
                WriteNumberOrNull(writer, "defocus_um", patch.DefocusUm);
                writer.WriteBoolean("used", patch.Used);
                if (patch.RejectedBecause is null)
                {
                    writer.WriteNull("rejected_because");
                }
                else
                {
                    writer.WriteString("rejected_because", patch.RejectedBecause);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
