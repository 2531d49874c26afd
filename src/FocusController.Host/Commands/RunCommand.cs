using System.CommandLine;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Commands;

/// <summary>`focusctl run`: the daemon systemd starts, or with --simulate the whole box on the virtual microscope.</summary>
public static class RunCommand
{
    /// <summary>EX_CONFIG from sysexits.h; the unit's RestartPreventExitStatus stops systemd from retrying a bad config.</summary>
    public const int ConfigErrorExitCode = 78;

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"Config file (default {ConfigFileSource.DefaultPath}; optional with --simulate)" };
        var simulate = new Option<bool>("--simulate") { Description = "Run on the virtual microscope (random specimen, random start, slow drift) instead of hardware" };
        var command = new Command("run", "Run the autofocus daemon (what systemd starts); KEY=VALUE arguments override config keys, e.g. Model:Precision=fp32")
        {
            config,
            simulate,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var settings = new RunSettings(parse.GetValue(config), parse.GetValue(simulate), parse.UnmatchedTokens.ToList());
            return await RunAsync(settings, parse.InvocationConfiguration.Error, ct).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(RunSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        IHost host;
        try
        {
            host = DaemonHost.Build(settings);
        }
        catch (Exception ex) when (ex is ConfigException or InvalidDataException or FormatException)
        {
            // a file that is not JSON: the provider names the file and the line
            await error.WriteLineAsync($"focusctl: config error: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}").ConfigureAwait(false);
            return ConfigErrorExitCode;
        }

        using (host)
        {
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (OptionsValidationException ex)
            {
                foreach (string failure in ex.Failures)
                {
                    await error.WriteLineAsync($"focusctl: config error: {failure}").ConfigureAwait(false);
                }

                return ConfigErrorExitCode;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
            {
                // the binder's "Failed to convert configuration value at 'Motor:StepDir:StepPin' to type 'System.Int32'"
                await error.WriteLineAsync($"focusctl: config error: {ex.Message}").ConfigureAwait(false);
                return ConfigErrorExitCode;
            }
        }
    }
}
