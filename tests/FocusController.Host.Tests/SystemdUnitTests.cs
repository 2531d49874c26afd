using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FocusController.Host.Tests;

/// <summary>The shipped unit passes systemd's own checks; these need systemd-analyze (in .ci/run's packages).</summary>
public partial class SystemdUnitTests
{
    private static readonly string Unit = Path.Combine(RepositoryRoot(), "systemd", "focuscontroller.service");

    [Fact]
    public void Unit_passes_systemd_analyze_verify()
    {
        // verify checks that ExecStart exists: point it at this build's focusctl instead of /opt
        string dir = Directory.CreateTempSubdirectory("fc-unit").FullName;
        string unit = Path.Combine(dir, "focuscontroller.service");
        string focusctl = Path.Combine(AppContext.BaseDirectory, "focusctl");
        File.WriteAllText(unit, File.ReadAllText(Unit).Replace("/opt/focuscontroller/focusctl", focusctl, StringComparison.Ordinal));

        var (exit, output) = Run("systemd-analyze", "verify", unit);

        Assert.True(exit == 0 && output.Trim().Length == 0, $"systemd-analyze verify: exit {exit}\n{output}");
    }

    [Fact]
    public void Security_exposure_is_2_or_lower()
    {
        var (exit, output) = Run("systemd-analyze", "security", "--offline=true", "--no-pager", Unit);
        var match = ExposureLine().Match(output);

        Assert.True(match.Success, $"no exposure line (exit {exit}):\n{output}");
        double exposure = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 2.0, $"exposure {exposure} > 2.0\n{output}");
    }

    [Fact]
    public void Unit_is_notify_with_watchdog_restart_and_the_three_directories()
    {
        string text = File.ReadAllText(Unit);

        foreach (string line in new[] { "Type=notify", "WatchdogSec=", "Restart=on-failure", "ConfigurationDirectory=focuscontroller", "StateDirectory=focuscontroller", "RuntimeDirectory=focuscontroller", "SupplementaryGroups=gpio video", "CapabilityBoundingSet=\n", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes" })
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FocusController.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (FocusController.sln) not found above " + AppContext.BaseDirectory);
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex ExposureLine();
}
