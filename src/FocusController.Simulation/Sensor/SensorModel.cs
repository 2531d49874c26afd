using FocusController.Imaging;

namespace FocusController.Simulation.Sensor;

/// <summary>
/// A colour camera as the simulator sees it: the empty field at the reference exposure reads
/// <see cref="BackgroundLevel"/> ADU per channel (white balance and lamp folded in); photo-electrons are Poisson,
/// read noise Gaussian, <see cref="GainElectronsPerAdu"/> electrons make one ADU, output is 8 bit and clips.
/// </summary>
public sealed record SensorModel
{
    public Rgb<double> BackgroundLevel { get; init; } = new(205, 210, 200);

    /// <summary>Electrons per ADU; smaller is noisier (a webcam at high gain is 1–5, a scientific camera 20+).</summary>
    public double GainElectronsPerAdu { get; init; } = 12;

    public double ReadNoiseElectrons { get; init; } = 4;

    /// <summary>Exposure relative to the reference (1 = the empty field reads <see cref="BackgroundLevel"/>).</summary>
    public double RelativeExposure { get; init; } = 1;

    /// <summary>Fraction of light lost at the frame's corner (0 = none), falling off with r².</summary>
    public double Vignetting { get; init; }

    /// <summary>When set, the frame goes through a JPEG encode and decode at this quality, like an MJPEG webcam.</summary>
    public int? JpegQuality { get; init; }

    public static SensorModel Default { get; } = new();

    /// <summary>A clean camera for physics checks: no noise, no clipping below 255.</summary>
    public static SensorModel Noiseless { get; } = new() { GainElectronsPerAdu = 0, ReadNoiseElectrons = 0, BackgroundLevel = new(128, 128, 128) };

    public void Validate()
    {
        if (GainElectronsPerAdu < 0 || ReadNoiseElectrons < 0 || RelativeExposure <= 0 || Vignetting is < 0 or >= 1
            || BackgroundLevel.R <= 0 || BackgroundLevel.G <= 0 || BackgroundLevel.B <= 0 || JpegQuality is < 1 or > 100)
        {
            throw new ArgumentException($"sensor model out of range: {this}");
        }
    }
}
