using System.Globalization;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Configuration;

/// <summary>The "Simulation" section: the virtual microscope that `focusctl run --simulate` focuses.</summary>
public sealed class SimulationOptions
{
    public const string Section = "Simulation";

    /// <summary>Specimen kind: blood, tissue, cells, sparse, or random.</summary>
    public string Specimen { get; set; } = "random";

    /// <summary>An image file to use as the specimen instead of a generated one.</summary>
    public string? SpecimenPath { get; set; }

    /// <summary>Seed of the specimen and the start position; null draws one at start (logged, so a run can be repeated).</summary>
    public int? Seed { get; set; }

    /// <summary>Where the specimen starts relative to focus, µm; null draws one in ±StartRangeUm.</summary>
    public double? StartDefocusUm { get; set; }

    /// <summary>Range of the random start, ± µm (0 to 50).</summary>
    public double StartRangeUm { get; set; } = 8;

    /// <summary>Slow focus drift, µm per hour (thermal drift of a real stand is 1 to 10).</summary>
    public double DriftUmPerHour { get; set; } = 6;

    /// <summary>Knob backlash of the simulated stand, µm.</summary>
    public double BacklashUm { get; set; } = 2;

    /// <summary>
    /// Camera frame size, pixels. 1024x768 holds the estimator's 3x3 patch grid with margin; the simulator renders on
    /// a power-of-two grid oversampled from it, so 1280x960 would cost four times the memory and time for no gain.
    /// </summary>
    public int Width { get; set; } = 1024;

    public int Height { get; set; } = 768;

    /// <summary>Camera frame rate, frames per second (1 to 60).</summary>
    public double FramesPerSecond { get; set; } = 15;
}

public sealed class SimulationOptionsValidator : IValidateOptions<SimulationOptions>
{
    private static readonly string[] Kinds = ["random", "blood", "tissue", "cells", "sparse"];

    public ValidateOptionsResult Validate(string? name, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Kinds.Contains(options.Specimen, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Simulation:Specimen = '{options.Specimen}': allowed: {string.Join(", ", Kinds)}");
        }

        if (!string.IsNullOrEmpty(options.SpecimenPath) && !File.Exists(options.SpecimenPath))
        {
            errors.Add($"Simulation:SpecimenPath = '{options.SpecimenPath}': file not found");
        }

        Range(errors, "StartDefocusUm", options.StartDefocusUm ?? 0, -50, 50);
        Range(errors, "StartRangeUm", options.StartRangeUm, 0, 50);
        Range(errors, "DriftUmPerHour", options.DriftUmPerHour, -100, 100);
        Range(errors, "BacklashUm", options.BacklashUm, 0, 50);
        Range(errors, "Width", options.Width, 224, 4096);
        Range(errors, "Height", options.Height, 224, 4096);
        Range(errors, "FramesPerSecond", options.FramesPerSecond, 1, 60);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Simulation:{key} = {value}: allowed: {min} to {max}"));
        }
    }
}
