using FocusController.Imaging;
using FocusController.Imaging.Tiling;

namespace FocusController.Inference;

/// <summary>
/// Writes a patch of an 8-bit RGB frame into the model's planar float layout [3,224,224], applying the
/// model's own preprocessing: (pixel × scale − mean[c]) / std[c]. An 8-bit channel has only 256 values, so
/// each channel's mapping is a 256-entry table, computed once: exact and one lookup per sample.
/// </summary>
public sealed class PatchPreprocessor
{
    private readonly float[][] _tables;

    public PatchPreprocessor(LdseModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        PatchSize = info.PatchSize;
        _tables = new float[LdseModelInfo.Channels][];
        for (int c = 0; c < LdseModelInfo.Channels; c++)
        {
            var table = new float[256];
            for (int v = 0; v < table.Length; v++)
            {
                table[v] = ((v * info.Scale) - info.Mean[c]) / info.Std[c];
            }

            _tables[c] = table;
        }
    }

    public int PatchSize { get; }

    /// <summary>Floats one patch occupies in the input tensor.</summary>
    public int PatchLength => LdseModelInfo.Channels * PatchSize * PatchSize;

    /// <summary>The value the model sees for an 8-bit sample of a channel (0 R, 1 G, 2 B).</summary>
    public float Apply(int channel, byte value) => _tables[channel][value];

    /// <summary>Writes the patch as the camera saw it.</summary>
    public void Write(RgbImage frame, PatchRegion region, Span<float> destination) => Write(frame, region, PatchView.AsSeen, destination);

    /// <summary>Writes the patch turned and mirrored as <paramref name="view"/> says.</summary>
    public void Write(RgbImage frame, PatchRegion region, PatchView view, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int size = PatchSize;
        if (region.Size != size)
        {
            throw new ArgumentException($"patch is {region.Size} pixels; the model takes {size}", nameof(region));
        }

        if (region.X < 0 || region.Y < 0 || region.Right > frame.Width || region.Bottom > frame.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"patch at ({region.X},{region.Y}) is not inside the {frame.Width}x{frame.Height} frame");
        }

        if (destination.Length < PatchLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; a patch needs {PatchLength}", nameof(destination));
        }

        int plane = size * size;
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        var tableR = _tables[0].AsSpan();
        var tableG = _tables[1].AsSpan();
        var tableB = _tables[2].AsSpan();
        if (view != PatchView.AsSeen)
        {
            for (int y = 0, offset = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++, offset++)
                {
                    var (sx, sy) = view.SourceOf(x, y, size);
                    var pixel = frame.ReadOnlyRow(region.Y + sy).Slice((region.X + sx) * RgbImage.Channels, RgbImage.Channels);
                    red[offset] = tableR[pixel[0]];
                    green[offset] = tableG[pixel[1]];
                    blue[offset] = tableB[pixel[2]];
                }
            }

            return;
        }

        for (int y = 0; y < size; y++)
        {
            var source = frame.ReadOnlyRow(region.Y + y).Slice(region.X * RgbImage.Channels, size * RgbImage.Channels);
            int offset = y * size;
            var r = red.Slice(offset, size);
            var g = green.Slice(offset, size);
            var b = blue.Slice(offset, size);
            for (int x = 0, j = 0; x < size; x++, j += RgbImage.Channels)
            {
                r[x] = tableR[source[j]];
                g[x] = tableG[source[j + 1]];
                b[x] = tableB[source[j + 2]];
            }
        }
    }
}
