using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FocusController.Control.Calibration;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using FocusController.Motion;
using FocusController.Motion.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl calibrate`: measures direction, µm per microstep and backlash against the specimen under the objective
/// (<see cref="StageCalibration"/>), prints them, and writes them into the config after a y/N confirmation (only
/// those three values change; comments and other keys stay) or, with --out, into a small JSON fragment.
/// </summary>
public static class CalibrateCommand
{
    public const int MeasurementFailedExitCode = 1;

    /// <summary>Where the y/N answer is read from; the console unless a test replaces it.</summary>
    internal static TextReader Input { get; set; } = Console.In;

    public static Command Create()
    {
        var configOption = new Option<string?>("--config") { Description = $"Config file (default {ConfigFileSource.DefaultPath}; optional with --simulate)" };
        var simulateOption = new Option<bool>("--simulate") { Description = "Calibrate the virtual microscope (its stage has the config's lead and Simulation:BacklashUm of play)" };
        var outOption = new Option<string?>("--out") { Description = "Write the figures to this JSON fragment instead of the config" };
        var yesOption = new Option<bool>("--yes") { Description = "Write to the config without asking" };
        var rangeOption = new Option<double>("--range") { Description = "Sweep within +-range um of the start; focus must lie inside it", DefaultValueFactory = _ => 20 };
        var command = new Command("calibrate", "Measure the focus drive's direction, um per microstep and backlash on a specimen; write them to the config; KEY=VALUE arguments override config keys");
        foreach (var option in new Option[] { configOption, simulateOption, outOption, yesOption, rangeOption })
        {
            command.Options.Add(option);
        }

        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((ParseResult pr, CancellationToken ct) => ToolAction.RunAsync(pr.InvocationConfiguration.Error, async () =>
        {
            var output = pr.InvocationConfiguration.Output;
            var error = pr.InvocationConfiguration.Error;
            double range = pr.GetValue(rangeOption);
            var options = new CalibrationOptions { RangeUm = range };
            if (options.Validate().FirstOrDefault(e => e.StartsWith(nameof(CalibrationOptions.RangeUm), StringComparison.Ordinal)) is not null)
            {
                throw new UsageException(Invariant($"--range {range}: allowed 2 to 200 um"));
            }

            string? outPath = pr.GetValue(outOption);
            if (outPath is not null)
            {
                CheckFragmentPath(outPath);
            }

            bool simulate = pr.GetValue(simulateOption);
            var overrides = pr.UnmatchedTokens.ToList();
            CheckOverrides(overrides);
            var config = ToolConfiguration.Load(pr.GetValue(configOption), simulate, overrides);
            var motor = config.Motor;
            double configuredLead = StepScale.From(motor).UmPerMicrostep;
            options = options with { Settle = TimeSpan.FromMilliseconds(config.Focus.SettleMs) };

            // the axis must not take up the play while calibration measures it
            var calibrationMotor = config.Motor;
            calibrationMotor.BacklashUm = 0;
            var time = SimulatedTime.For(simulate);
            IRigSource source = simulate
                ? new VirtualRigSource(ToolConfiguration.Live(calibrationMotor), ToolConfiguration.Live(config.Model), ToolConfiguration.Live(config.Simulation), time, NullLoggerFactory.Instance)
                : new HardwareRigSource(ToolConfiguration.Live(calibrationMotor), ToolConfiguration.Live(config.Camera), ToolConfiguration.Live(config.Model), time, NullLoggerFactory.Instance);
            RigParts parts;
            try
            {
                parts = await source.OpenAsync(ct).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                throw new UsageException("config error: " + string.Join("; ", ex.Failures), ex);
            }
            catch (Exception ex) when (!simulate && ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                await error.WriteLineAsync($"focusctl: cannot open the motor or camera ({ex.Message}); if the daemon is running, stop it first: systemctl stop focuscontroller").ConfigureAwait(false);
                return MeasurementFailedExitCode;
            }

            CalibrationResult result;
            await using (parts.Owner.ConfigureAwait(false))
            {
                if (parts.Rig.Estimator is null)
                {
                    throw new UsageException($"Model: {parts.ModelProblem}; calibration reads true um from the model, so it needs one (set Model:Path)");
                }

                var calibration = new StageCalibration(parts.Rig, options, configuredLead) { Progress = new Lines(error) };
                try
                {
                    result = await SimulatedTime.RunAsync(time, () => calibration.RunAsync(ct), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is CalibrationException or TravelLimitException or LimitSwitchException)
                {
                    await error.WriteLineAsync($"focusctl: calibration failed, nothing written: {ex.Message}").ConfigureAwait(false);
                    return MeasurementFailedExitCode;
                }
            }

            await output.WriteLineAsync(Report(result, configuredLead, motor.DirectionInverted, options)).ConfigureAwait(false);
            var values = ConfigValues(result, motor.DirectionInverted);
            if (outPath is not null)
            {
                WriteAtomically(outPath, Fragment(values));
                await output.WriteLineAsync($"wrote {outPath}").ConfigureAwait(false);
                return 0;
            }

            if (config.FilePath is not { } configPath)
            {
                await output.WriteLineAsync("not written: no config file (give --config PATH, or --out FILE for a fragment)").ConfigureAwait(false);
                return 0;
            }

            if (!pr.GetValue(yesOption))
            {
                await output.WriteAsync($"Write {string.Join(", ", values.Select(v => $"Motor:{v.Key} = {v.Value}"))} to {configPath}? [y/N] ").ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                string? answer = await Input.ReadLineAsync(ct).ConfigureAwait(false);
                if (answer?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
                {
                    await output.WriteLineAsync("not written").ConfigureAwait(false);
                    return 0;
                }
            }

            await output.WriteLineAsync(WriteConfig(configPath, values)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The config keys and their JSON literals, as the Motor section names them; only what was measured.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ConfigValues(CalibrationResult result, bool configuredInverted)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (result.UmPerMicrostep is { } lead)
        {
            values.Add(new(nameof(FocusDriveOptions.UmPerMicrostep), Math.Round(lead, 6).ToString("R", CultureInfo.InvariantCulture)));
        }

        values.Add(new(nameof(FocusDriveOptions.BacklashUm), Math.Round(result.BacklashUm, 2).ToString("R", CultureInfo.InvariantCulture)));
        if (result.DirectionSign != 0)
        {
            values.Add(new(nameof(FocusDriveOptions.DirectionInverted), result.DirectionInverted(configuredInverted) ? "true" : "false"));
        }

        return values;
    }

    private static string Report(CalibrationResult r, double configuredLead, bool configuredInverted, CalibrationOptions options)
    {
        var fit = Invariant($"the model's estimates against the axis: slope {r.Slope:F4} +- {r.SlopeStandardError:F4} ({100 * r.ScaleUncertainty:F1} %) over {r.FitPoints} frames, residual {r.FitResidualUm:F2} um");
        var lines = new List<string>
        {
            Invariant($"calibration: {r.Frames} frames, {r.Elapsed.TotalSeconds:F1} s"),
            r.DirectionSign switch
            {
                > 0 => Invariant($"direction: positive steps move towards positive defocus; Motor:DirectionInverted stays {(configuredInverted ? "true" : "false")}"),
                < 0 => Invariant($"direction: positive steps move towards NEGATIVE defocus; Motor:DirectionInverted must be {(configuredInverted ? "false" : "true")}"),
                _ => "direction: not measured (the model's estimates did not change clearly along the axis); Motor:DirectionInverted left as it is",
            },
            r.UmPerMicrostep is { } lead
                ? Invariant($"um per microstep: {lead:F6} (config {configuredLead:F6}, {100 * ((lead / configuredLead) - 1):+0.0;-0.0} %); {fit}")
                : Invariant($"um per microstep: not measured, left at {configuredLead:F6}: {fit}; the scale needs it within {100 * options.MaxScaleUncertainty:F1} % (a better-trained model, or a specimen it reads well)"),
            Invariant($"backlash: {r.BacklashUm:F2} um ({r.BacklashMicrosteps} microsteps){(r.UmPerMicrostep is null ? " in the configured scale" : "")}; focus peak reached moving up at {r.PeakFromBelowUm:F2} um, moving down at {r.PeakFromAboveUm:F2} um"),
        };
        if (r.UmPerMicrostep is { } measured && Math.Abs((measured / configuredLead) - 1) > 0.1)
        {
            // the shipped models read about a quarter short on the simulator (slope 0.74 on blood): a scale measured
            // with one is too small by as much, however precise the fit
            lines.Add("check before writing: a change over 10 % means a wrong Microstepping or TravelPerRevolutionUm, or a model that under-reads defocus (the shipped models do), which shrinks the scale by as much");
        }

        if (r.BacklashMicrosteps * configuredLead > 0.9 * options.ApproachUm)
        {
            lines.Add(Invariant($"warning: the backlash is near the {options.ApproachUm} um the sweeps approach with; the true play may be larger"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Edits the measured values in place, keeping a .bak; if the file cannot be edited safely, a fragment goes beside it.</summary>
    private static string WriteConfig(string configPath, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        string edited;
        try
        {
            edited = ConfigFileEditor.SetValues(File.ReadAllText(configPath), FocusDriveOptions.SectionName, values);
        }
        catch (FormatException ex)
        {
            string fragment = configPath + ".calibration.json";
            WriteAtomically(fragment, Fragment(values));
            return $"{configPath} could not be edited safely ({ex.Message}); the figures are in {fragment}: copy them into its Motor section";
        }

        try
        {
            File.Copy(configPath, configPath + ".bak", overwrite: true);
            WriteAtomically(configPath, edited);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UsageException($"--config {configPath}: cannot write it ({ex.Message}); run with sudo, or use --out FILE", ex);
        }

        return $"wrote {string.Join(", ", values.Select(v => $"Motor:{v.Key}"))} to {configPath} (previous file: {configPath}.bak); restart the daemon to apply the motor settings: systemctl restart focuscontroller";
    }

    private static string Fragment(IReadOnlyList<KeyValuePair<string, string>> values) =>
        "{\n  \"" + FocusDriveOptions.SectionName + "\": {\n" + string.Join(",\n", values.Select(v => $"    \"{v.Key}\": {v.Value}")) + "\n  }\n}\n";

    /// <summary>--out may be new, or a fragment an earlier calibration wrote; never some other file.</summary>
    private static void CheckFragmentPath(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"--out {path}: is a directory; give a file name");
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            throw new UsageException($"--out {path}: the directory {directory} does not exist");
        }

        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var existing = ConfigFileEditor.Parse(File.ReadAllText(path));
            var root = existing.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().All(p => p.Name == FocusDriveOptions.SectionName)
                && root.TryGetProperty(FocusDriveOptions.SectionName, out var motor) && motor.ValueKind == JsonValueKind.Object
                && motor.EnumerateObject().All(p => p.Name is nameof(FocusDriveOptions.UmPerMicrostep) or nameof(FocusDriveOptions.BacklashUm) or nameof(FocusDriveOptions.DirectionInverted)))
            {
                return;
            }
        }
        catch (FormatException)
        {
        }

        throw new UsageException($"--out {path}: exists and is not a calibration fragment; give a new file name");
    }

    /// <summary>KEY=VALUE config overrides are allowed; anything else left over is a mistyped option.</summary>
    internal static void CheckOverrides(IReadOnlyList<string> overrides)
    {
        foreach (string token in overrides)
        {
            if (!token.Contains('=', StringComparison.Ordinal) || token.StartsWith('-'))
            {
                throw new UsageException($"{token}: unknown argument; options are listed by --help, config overrides look like Section:Key=value");
            }
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Lines(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine("calibrate: " + value);
    }
}
