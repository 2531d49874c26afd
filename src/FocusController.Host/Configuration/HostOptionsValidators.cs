using System.Globalization;
using FocusController.Imaging;
using FocusController.Inference;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Configuration;

/// <summary>Validates the Daemon section; messages name the key, the value and what is allowed.</summary>
public sealed class DaemonOptionsValidator : IValidateOptions<DaemonOptions>
{
    public ValidateOptionsResult Validate(string? name, DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!FocusController.Control.FocusStrategies.Names.Contains(options.Strategy, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Daemon:Strategy = '{options.Strategy}': allowed: {string.Join(", ", FocusController.Control.FocusStrategies.Names)}");
        }

        if (!string.IsNullOrEmpty(options.ControlSocket) && !System.IO.Path.IsPathRooted(options.ControlSocket))
        {
            errors.Add($"Daemon:ControlSocket = '{options.ControlSocket}': must be an absolute path or empty");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Validates the Model section.</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!ObjectiveProfiles.TryGet(options.Objective ?? string.Empty, out _))
        {
            errors.Add($"Model:Objective = '{options.Objective}': unknown objective; allowed: {ObjectiveProfiles.Names}");
        }

        if (options.Precision is not ("int8" or "fp32"))
        {
            errors.Add($"Model:Precision = '{options.Precision}': allowed: int8, fp32");
        }

        if (options.Threads is < 1 or > 16)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Model:Threads = {options.Threads}: allowed: 1 to 16"));
        }

        if (!PatchView.Counts.Contains(options.Views))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Model:Views = {options.Views}: allowed: {string.Join(", ", PatchView.Counts)}"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Validates the Panel section (pin conflicts with the motor are checked where both are known).</summary>
public sealed class PanelOptionsValidator : IValidateOptions<PanelOptions>
{
    public ValidateOptionsResult Validate(string? name, PanelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckPin("Panel:ButtonPin", options.ButtonPin, errors);
        CheckPin("Panel:LedPin", options.LedPin, errors);
        if (options.ButtonPin is not null && options.ButtonPin == options.LedPin)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Panel:LedPin = {options.LedPin}: the same GPIO as Panel:ButtonPin; each needs its own pin"));
        }

        if (options.DebounceMs is < 5 or > 500)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Panel:DebounceMs = {options.DebounceMs}: allowed: 5 to 500"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPin(string key, int? pin, List<string> errors)
    {
        // BCM GPIO numbers on a Pi header are 0..27; Jetson numbers are larger, so allow the gpiochip's range
        if (pin is < 0 or > 511)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {pin}: allowed: a GPIO line number 0 to 511, or null for none"));
        }
    }
}
