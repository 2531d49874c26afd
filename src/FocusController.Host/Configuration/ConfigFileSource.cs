using Microsoft.Extensions.Configuration;

namespace FocusController.Host.Configuration;

/// <summary>
/// Where the daemon's settings come from, lowest priority first: built-in defaults (each options class), the
/// config file (JSON with comments), FOCUSCTL_* environment variables, then `key=value` overrides from the
/// command line, as .NET's configuration does it.
/// </summary>
public static class ConfigFileSource
{
    public const string DefaultPath = "/etc/focuscontroller/focuscontroller.json";
    public const string EnvironmentPrefix = "FOCUSCTL_";

    /// <summary>
    /// Adds the sources. A missing file is an error unless it is the default path in simulation, where the
    /// built-in defaults suffice.
    /// </summary>
    public static void Add(IConfigurationBuilder builder, string? configPath, bool simulate, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string path = Path.GetFullPath(configPath ?? DefaultPath);
        if (!File.Exists(path) && (configPath is not null || !simulate))
        {
            throw new ConfigException(path, $"config file not found; copy systemd/focuscontroller.json there or pass --config PATH{(simulate ? "" : " (or use --simulate to run on the virtual microscope)")}");
        }

        if (File.Exists(path))
        {
            // reloadOnChange: an edited file is re-validated and applied only if valid (ConfigReloadGuard)
            builder.AddJsonFile(path, optional: false, reloadOnChange: true);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddCommandLine(overrides.ToArray());
    }
}

/// <summary>The configuration cannot be used; the message names the file or key, the value and what is allowed.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string source, string problem)
        : base($"{source}: {problem}")
    {
    }

    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
