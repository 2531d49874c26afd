using System.Globalization;

namespace FocusController.Imaging.Stacks;

/// <summary>One row of labels.csv: an image and what is known about it.</summary>
public sealed record StackLabel(string Image, string StackId, double ZUm, string Objective, double PixelSizeUm, string Kind)
{
    public const string Header = "image,stack_id,z_um,objective,pixel_size_um,kind";

    public string ToCsvRow() => string.Join(
        ',',
        Image,
        StackId,
        ZUm.ToString("R", CultureInfo.InvariantCulture),
        Objective,
        PixelSizeUm.ToString("R", CultureInfo.InvariantCulture),
        Kind);

    /// <summary>Parses a row; <see cref="InvalidDataException"/> names the line and the column.</summary>
    public static StackLabel Parse(string line, string source, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(',');
        if (fields.Length != 6)
        {
            throw new InvalidDataException($"{source}:{lineNumber}: expected 6 columns ({Header}), found {fields.Length}");
        }

        if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double z))
        {
            throw new InvalidDataException($"{source}:{lineNumber}: z_um '{fields[2]}' is not a number");
        }

        if (!double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double pixel) || pixel <= 0)
        {
            throw new InvalidDataException($"{source}:{lineNumber}: pixel_size_um '{fields[4]}' is not a positive number");
        }

        return new StackLabel(fields[0], fields[1], z, fields[3], pixel, fields[5]);
    }
}
