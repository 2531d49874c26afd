using FocusController.Simulation.Stage;
using FocusController.Camera;
using FocusController.Control;
using FocusController.Host.Configuration;
using FocusController.Motion.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Commands;

/// <summary>
/// The daemon's config as a tool command reads it (`calibrate`, `collect`): the same file, defaults, FOCUSCTL_*
/// environment and KEY=VALUE overrides, bound and validated section by section. Any problem is a
/// <see cref="UsageException"/> naming the file or key, so a bad config never reaches the motor.
/// </summary>
internal sealed class ToolConfiguration
{
    private readonly IConfiguration _configuration;

    private ToolConfiguration(IConfiguration configuration, string? filePath)
    {
        _configuration = configuration;
        FilePath = filePath;
    }

    /// <summary>The config file read, or null in simulation without one.</summary>
    public string? FilePath { get; }

    public static ToolConfiguration Load(string? configPath, bool simulate, IReadOnlyList<string> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (simulate)
        {
            builder.AddInMemoryCollection(SimulationDefaults.Motor);
        }

        try
        {
            ConfigFileSource.Add(builder, configPath, simulate, overrides);

            // no file watching: a tool command reads the config once
            foreach (var source in builder.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>())
            {
                source.ReloadOnChange = false;
            }

            var configuration = builder.Build();
            string path = Path.GetFullPath(configPath ?? ConfigFileSource.DefaultPath);
            return new ToolConfiguration(configuration, File.Exists(path) ? path : null);
        }
        catch (ConfigException ex)
        {
            throw new UsageException($"--config: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException)
        {
            throw new UsageException($"--config: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}", ex);
        }
    }

    public FocusDriveOptions Motor => Bind<FocusDriveOptions, FocusDriveOptionsValidator>(FocusDriveOptions.SectionName);

    public ModelOptions Model => Bind<ModelOptions, ModelOptionsValidator>(ModelOptions.Section);

    public SimulationOptions Simulation => Bind<SimulationOptions, SimulationOptionsValidator>(SimulationOptions.Section);

    public CameraOptions Camera => Bind<CameraOptions, CameraOptionsValidator>(CameraOptions.SectionName);

    public FocusOptions Focus => Bind<FocusOptions, FocusOptionsValidator>(FocusOptions.SectionName);

    /// <summary>A section's value as the rig sources take it (they read the daemon's live options).</summary>
    public static LiveOptions<T> Live<T>(T value)
        where T : class => new(Microsoft.Extensions.Options.Options.Create(value));

    /// <summary>A fresh, validated copy of a section each time, so a command may change its copy.</summary>
    private T Bind<T, TValidator>(string section)
        where T : class, new()
        where TValidator : IValidateOptions<T>, new()
    {
        var options = new T();
        try
        {
            _configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException($"config error: {ex.Message}", ex);
        }

        var result = new TValidator().Validate(section, options);
        return result.Failed ? throw new UsageException("config error: " + string.Join("; ", result.Failures)) : options;
    }
}
