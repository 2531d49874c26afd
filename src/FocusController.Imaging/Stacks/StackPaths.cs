using System.Globalization;

namespace FocusController.Imaging.Stacks;

/// <summary>Names inside a stack directory: stacks/&lt;stack_id&gt;/z+01.50.png (docs/contracts.md).</summary>
public static class StackPaths
{
    public const string LabelsFileName = "labels.csv";
    public const string StacksFolder = "stacks";

    /// <summary>Stack ids of generated datasets: s000042.</summary>
    public static string StackId(int index) => "s" + index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>z+01.50.png, z-10.00.png; zero is z+00.00.png. z is rounded to 0.01 µm.</summary>
    public static string ImageFileName(double zUm)
    {
        double rounded = Math.Round(zUm, 2, MidpointRounding.AwayFromZero);
        char sign = rounded < 0 ? '-' : '+';
        return "z" + sign + Math.Abs(rounded).ToString("00.00", CultureInfo.InvariantCulture) + ".png";
    }

    /// <summary>The image's path relative to the dataset directory, forward slashes.</summary>
    public static string RelativeImagePath(string stackId, double zUm) => $"{StacksFolder}/{stackId}/{ImageFileName(zUm)}";
}
