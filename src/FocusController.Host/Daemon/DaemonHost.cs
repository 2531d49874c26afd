using FocusController.Simulation.Stage;
using FocusController.Camera;
using FocusController.Control;
using FocusController.Host.Configuration;
using FocusController.Host.Control;
using FocusController.Host.Logging;
using FocusController.Host.Panel;
using FocusController.Host.Systemd;
using FocusController.Motion.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Daemon;

/// <summary>What `focusctl run` was asked for.</summary>
public sealed record RunSettings(string? ConfigPath, bool Simulate, IReadOnlyList<string> Overrides);

/// <summary>Composes the daemon: config and its validation, the control loop, the socket, systemd, the panel.</summary>
public static class DaemonHost
{
    public static IHost Build(RunSettings settings, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "focuscontroller",
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings.Simulate)
        {
            // the virtual microscope needs a motor even with no config file: the example config's wiring
            builder.Configuration.AddInMemoryCollection(SimulationDefaults.Motor);
        }

        ConfigFileSource.Add(builder.Configuration, settings.ConfigPath, settings.Simulate, settings.Overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (JournalLoggerProvider.JournalAttached(Environment.GetEnvironmentVariable("JOURNAL_STREAM")))
        {
            // under systemd: structured entries (FOCUS_RESULT=, FOCUS_FRAMES=, ...) rather than text on stdout
            builder.Logging.Services.AddSingleton<ILoggerProvider>(_ => new JournalLoggerProvider());
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        var services = builder.Services;
        // READY=1 and STOPPING=1 under systemd
        services.AddSystemd();
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(WatchdogInterval.FromWatchdogUsec(Environment.GetEnvironmentVariable("WATCHDOG_USEC")));

        services.AddLiveOptions<DaemonOptions, DaemonOptionsValidator>(DaemonOptions.Section);
        services.AddLiveOptions<ModelOptions, ModelOptionsValidator>(ModelOptions.Section);
        services.AddLiveOptions<PanelOptions, PanelOptionsValidator>(PanelOptions.Section);
        services.AddLiveOptions<FocusOptions, FocusOptionsValidator>(FocusOptions.SectionName);
        services.AddLiveOptions<FocusDriveOptions, FocusDriveOptionsValidator>(FocusDriveOptions.SectionName);
        services.AddLiveOptions<CameraOptions, CameraOptionsValidator>(CameraOptions.SectionName);
        services.AddLiveOptions<SimulationOptions, SimulationOptionsValidator>(SimulationOptions.Section);

        services.AddSingleton<DaemonStateStore>();
        services.AddSingleton<LoopHeartbeat>();
        services.AddSingleton<FocusRequests>();
        if (settings.Simulate)
        {
            services.AddSingleton<IRigSource, VirtualRigSource>();
            services.AddSingleton(new PanelGpio(null));
        }
        else
        {
            services.AddSingleton<IRigSource, HardwareRigSource>();
            services.AddSingleton(provider => PanelGpioFactory.Open(provider.GetRequiredService<LiveOptions<PanelOptions>>().Current));
        }

        services.AddSingleton<ConfigReloadGuard>();
        services.AddHostedService(p => p.GetRequiredService<ConfigReloadGuard>());
        services.AddSingleton<ControlSocketServer>();
        services.AddHostedService(p => p.GetRequiredService<ControlSocketServer>());
        services.AddSingleton<FocusLoop>();
        services.AddHostedService(p => p.GetRequiredService<FocusLoop>());
        services.AddHostedService<SystemdWatchdog>();
        services.AddHostedService<StatusLed>();
        services.AddHostedService<FocusButton>();

        replace?.Invoke(services);
        return builder.Build();
    }
}
