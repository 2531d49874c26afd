using System.Device.Gpio;
using FocusController.Camera;
using FocusController.Camera.V4l2;
using FocusController.Control;
using FocusController.Host.Configuration;
using FocusController.Imaging;
using FocusController.Imaging.FocusMeasures;
using FocusController.Motion;
using FocusController.Motion.Options;
using Microsoft.Extensions.Logging;

namespace FocusController.Host.Daemon;

/// <summary>The real box: the gpiochip, the stepper driver, the USB camera and the model from the config.</summary>
public sealed class HardwareRigSource(
    LiveOptions<FocusDriveOptions> motor,
    LiveOptions<CameraOptions> camera,
    LiveOptions<ModelOptions> model,
    TimeProvider time,
    ILoggerFactory loggers) : IRigSource
{
    public Task<RigParts> OpenAsync(CancellationToken cancellationToken)
    {
        var profile = ObjectiveProfiles.Get(model.Current.Objective);
        var owner = new OwnedDevices();
        try
        {
            var (estimator, problem) = EstimatorLoader.TryOpen(model.Current, profile);
            owner.Add(estimator);
            var gpio = new GpioController();
            owner.Add(gpio);
            var axis = FocusAxis.Open(WithStateDirectory(motor.Current, Environment.GetEnvironmentVariable("STATE_DIRECTORY")), gpio, loggers.CreateLogger<FocusAxis>(), time);
            owner.Add(axis);
            var usb = new UsbCamera(camera.Current, new V4l2VideoDeviceFactory(time, loggers.CreateLogger<V4l2VideoDeviceFactory>()), time, loggers.CreateLogger<UsbCamera>());
            owner.Add(usb);
            usb.Start();
            var rig = new FocusRig(usb, axis, new NormalizedVariance(), estimator, time);
            return Task.FromResult(new RigParts(rig, profile, problem, Simulated: false, owner));
        }
        catch
        {
            owner.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// Under systemd the axis position lives in StateDirectory= (<paramref name="systemdStateDirectory"/>, the
    /// STATE_DIRECTORY variable, colon-separated) unless the config names another place. Returns a copy: the
    /// options instance is the live config, which other readers share and a reload compares against.
    /// </summary>
    internal static FocusDriveOptions WithStateDirectory(FocusDriveOptions options, string? systemdStateDirectory)
    {
        if (!string.IsNullOrEmpty(options.StateDirectory) || string.IsNullOrEmpty(systemdStateDirectory))
        {
            return options;
        }

        return options.WithStateDirectory(systemdStateDirectory.Split(':')[0]);
    }
}

/// <summary>Disposes what the rig opened, last opened first.</summary>
public sealed class OwnedDevices : IAsyncDisposable
{
    private readonly Stack<object> _owned = new();

    public void Add(object? device)
    {
        if (device is not null)
        {
            _owned.Push(device);
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_owned.TryPop(out var device))
        {
            switch (device)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
