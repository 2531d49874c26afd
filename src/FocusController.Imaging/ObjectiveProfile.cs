using System.Collections.Frozen;

namespace FocusController.Imaging;

/// <summary>
/// A named set of optics: the objective, its illumination and the camera behind it. Each profile has its own
/// model file; the config picks the active one (see ARCHITECTURE.md, "Objective profiles").
/// </summary>
public sealed record ObjectiveProfile
{
    /// <summary>Wavelength used for the depth-of-field figure, µm (green, the eye's and most sensors' peak).</summary>
    public const double ReferenceWavelengthUm = 0.55;

    public required string Name { get; init; }

    public required string Description { get; init; }

    public required double Magnification { get; init; }

    public required double NumericalAperture { get; init; }

    /// <summary>Refractive index of the immersion medium (1.0 air, 1.518 oil).</summary>
    public required double ImmersionIndex { get; init; }

    /// <summary>Condenser aperture under Köhler illumination; sets the partial coherence.</summary>
    public required double CondenserNumericalAperture { get; init; }

    /// <summary>Camera pixel pitch on the sensor, µm.</summary>
    public required double CameraPixelPitchUm { get; init; }

    /// <summary>Centre wavelength of the red, green and blue channels, µm.</summary>
    public required Rgb<double> WavelengthsUm { get; init; }

    /// <summary>Focus offset of each colour channel (axial colour), µm. Near zero for an apochromat.</summary>
    public required Rgb<double> AxialColourUm { get; init; }

    /// <summary>The defocus range the shipped model is trained over, ± µm.</summary>
    public required double ModelRangeUm { get; init; }

    /// <summary>Pixel size in the specimen plane, µm.</summary>
    public double PixelSizeUm => CameraPixelPitchUm / Magnification;

    /// <summary>Depth of field d = λ·n/NA² + n·e/(M·NA) (defocus-physics.md, "Numbers").</summary>
    public double DepthOfFieldUm =>
        (ReferenceWavelengthUm * ImmersionIndex / (NumericalAperture * NumericalAperture))
        + (ImmersionIndex * CameraPixelPitchUm / (Magnification * NumericalAperture));
}

/// <summary>One value per colour channel.</summary>
public readonly record struct Rgb<T>(T R, T G, T B)
{
    public T this[int channel] => channel switch
    {
        0 => R,
        1 => G,
        2 => B,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "channel is 0 (R), 1 (G) or 2 (B)"),
    };
}

/// <summary>The objective profiles this release knows.</summary>
public static class ObjectiveProfiles
{
    /// <summary>Plan apochromat 20×/0.75 with 3.45 µm camera pixels: the optics of the paper's public dataset.</summary>
    public static ObjectiveProfile Plan20x075 { get; } = new()
    {
        Name = "20x-0.75",
        Description = "20x/0.75 plan apochromat, dry, condenser NA 0.5, 3.45 um camera pixels",
        Magnification = 20,
        NumericalAperture = 0.75,
        ImmersionIndex = 1.0,
        CondenserNumericalAperture = 0.5,
        CameraPixelPitchUm = 3.45,
        WavelengthsUm = new(0.61, 0.55, 0.47),
        AxialColourUm = new(0.05, 0.0, -0.05),
        ModelRangeUm = 10,
    };

    /// <summary>Achromat 40×/0.65 on a student-grade binocular (like the paper's ML-31-M) with 2.2 µm pixels.</summary>
    public static ObjectiveProfile Achromat40x065 { get; } = new()
    {
        Name = "40x-0.65",
        Description = "40x/0.65 achromat, dry, condenser NA 0.45, 2.2 um camera pixels",
        Magnification = 40,
        NumericalAperture = 0.65,
        ImmersionIndex = 1.0,
        CondenserNumericalAperture = 0.45,
        CameraPixelPitchUm = 2.2,
        WavelengthsUm = new(0.61, 0.55, 0.47),
        // an achromat brings red and blue to one focus and green to another, about 1 um apart at 40x
        AxialColourUm = new(0.4, 0.0, 0.4),
        ModelRangeUm = 10,
    };

    public static IReadOnlyList<ObjectiveProfile> All { get; } = [Plan20x075, Achromat40x065];

    private static readonly FrozenDictionary<string, ObjectiveProfile> ByName =
        All.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static string Names => string.Join(", ", All.Select(p => p.Name));

    public static bool TryGet(string name, out ObjectiveProfile profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out profile!);
    }

    /// <summary>The profile of that name; the exception lists the names that exist.</summary>
    public static ObjectiveProfile Get(string name) =>
        TryGet(name, out var profile)
            ? profile
            : throw new ArgumentException($"unknown objective '{name}'; known objectives: {Names}", nameof(name));
}
