namespace FocusController.Host.Control;

/// <summary>
/// Where the daemon's Unix socket lives. Under systemd it is $RUNTIME_DIRECTORY (/run/focuscontroller); a daemon
/// started by hand (e.g. `focusctl run --simulate`) uses the user's runtime directory so it needs no root.
/// </summary>
public static class ControlSocketPath
{
    public const string FileName = "control.sock";
    public const string SystemDirectory = "/run/focuscontroller";

    /// <summary>The path a daemon binds when the config names none.</summary>
    public static string ForDaemon()
    {
        string? runtime = Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY");
        if (!string.IsNullOrEmpty(runtime))
        {
            // systemd may list several directories separated by ':'; ours is the first
            return Path.Combine(runtime.Split(':')[0], FileName);
        }

        return Path.Combine(UserDirectory(), FileName);
    }

    /// <summary>The paths a client tries, in order: the system daemon's, then a hand-started one's.</summary>
    public static IReadOnlyList<string> ForClient()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("FOCUSCTL_SOCKET");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return [fromEnvironment];
        }

        return [Path.Combine(SystemDirectory, FileName), Path.Combine(UserDirectory(), FileName)];
    }

    private static string UserDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return string.IsNullOrEmpty(xdg)
            ? Path.Combine(Path.GetTempPath(), $"focuscontroller-{Environment.UserName}")
            : Path.Combine(xdg, "focuscontroller");
    }
}
