using System.CommandLine;
using System.Globalization;
using FocusController.Camera;
using FocusController.Camera.V4l2;
using FocusController.Imaging;

namespace FocusController.Host.Commands;

/// <summary>
/// `focusctl camera list` and `focusctl camera snap`: bring-up tools for the USB camera. Exit codes: 0 done
/// (also when list finds no device), 2 bad arguments or no such device, 3 the camera failed while capturing.
/// </summary>
public static class CameraCommand
{
    public const int CameraFailedExitCode = 3;

    public static Command Create() => Create(() => new V4l2VideoDeviceFactory(), TimeProvider.System);

    /// <summary>With another device source (tests, a simulator).</summary>
    public static Command Create(Func<IVideoDeviceFactory> devices, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(time);
        var camera = new Command("camera", "USB camera bring-up: list video devices and their modes, save one fresh frame");
        camera.Subcommands.Add(CreateList(devices));
        camera.Subcommands.Add(CreateSnap(devices, time));
        return camera;
    }

    private static Command CreateList(Func<IVideoDeviceFactory> devices)
    {
        var list = new Command("list", "List /dev/video* devices with their formats, sizes and frame rates (exit 0 also when none is found)");
        list.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return await ToolAction.RunAsync(parse.InvocationConfiguration.Error, async () =>
            {
                var factory = devices();
                var paths = factory.ListDevices();
                if (paths.Count == 0)
                {
                    await output.WriteLineAsync("no video devices found (no /dev/video* node; is the camera plugged in?)").ConfigureAwait(false);
                    return 0;
                }

                foreach (var path in paths)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await output.WriteLineAsync(path).ConfigureAwait(false);
                    foreach (var line in DescribeModes(factory, path))
                    {
                        await output.WriteLineAsync("  " + line).ConfigureAwait(false);
                    }
                }

                return 0;
            }).ConfigureAwait(false);
        });
        return list;
    }

    private static Command CreateSnap(Func<IVideoDeviceFactory> devices, TimeProvider time)
    {
        var device = new Option<string>("--device")
        {
            Description = "Device index (0 for /dev/video0) or path; the mode is chosen as the daemon would (YUYV or MJPEG, >= 1280x960, highest rate)",
            DefaultValueFactory = _ => "0",
        };
        var output = new Option<FileInfo>("--out") { Description = "PNG file to write", Required = true };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for a fresh frame",
            DefaultValueFactory = _ => 10,
        };
        var exposure = new Option<int?>("--exposure-us") { Description = "Manual exposure in microseconds (applied in 100 µs steps), as Camera:ExposureMicroseconds" };
        var gain = new Option<int?>("--gain") { Description = "Gain in device units, as Camera:Gain" };
        var whiteBalance = new Option<int?>("--wb-kelvin") { Description = "White balance temperature in kelvin, as Camera:WhiteBalanceTemperatureKelvin" };
        var snap = new Command("snap", "Save one fresh frame (exposed after the command started) as a PNG, with manual exposure as the daemon sets it");
        snap.Options.Add(device);
        snap.Options.Add(output);
        snap.Options.Add(timeout);
        snap.Options.Add(exposure);
        snap.Options.Add(gain);
        snap.Options.Add(whiteBalance);
        snap.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return await ToolAction.RunAsync(error, async () =>
            {
                var options = new CameraOptions
                {
                    Device = parse.GetValue(device) ?? "0",
                    ExposureMicroseconds = parse.GetValue(exposure),
                    Gain = parse.GetValue(gain),
                    WhiteBalanceTemperatureKelvin = parse.GetValue(whiteBalance),
                };
                var file = parse.GetValue(output)!;
                double seconds = parse.GetValue(timeout);
                CheckArguments(options, file, seconds);

                var factory = devices();
                var path = options.DevicePath;
                try
                {
                    VideoModeSelector.Select(factory.GetModes(path), options, path);
                }
                catch (VideoDeviceNotFoundException)
                {
                    var found = factory.ListDevices();
                    throw new UsageException($"--device {options.Device}: no such video device {path} (found: {(found.Count == 0 ? "none" : string.Join(", ", found))})");
                }
                catch (VideoModeException ex)
                {
                    throw new UsageException($"--device {options.Device}: {ex.Message}", ex);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"focusctl: {path}: {ex.Message} (is the user in the 'video' group?)").ConfigureAwait(false);
                    return CameraFailedExitCode;
                }

                try
                {
                    var frame = await SnapAsync(options, factory, time, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
                    ImageFile.WritePng(frame.Image, file.FullName);
                    await writer.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"wrote {file.FullName}: {frame.Image.Width}x{frame.Image.Height}, frame {frame.Sequence}, exposure began {frame.ExposureStart:O}")).ConfigureAwait(false);
                    return 0;
                }
                catch (Exception ex) when (ex is CameraLostException or TimeoutException)
                {
                    await error.WriteLineAsync($"focusctl: {ex.Message}").ConfigureAwait(false);
                    return CameraFailedExitCode;
                }
            }).ConfigureAwait(false);
        });
        return snap;
    }

    private static void CheckArguments(CameraOptions options, FileInfo file, double seconds)
    {
        var validation = new CameraOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            // The validator speaks in config keys; name the options they came from instead.
            var first = validation.Failures.First()
                .Replace("Camera:Device", "--device", StringComparison.Ordinal)
                .Replace("Camera:ExposureMicroseconds", "--exposure-us", StringComparison.Ordinal)
                .Replace("Camera:Gain", "--gain", StringComparison.Ordinal)
                .Replace("Camera:WhiteBalanceTemperatureKelvin", "--wb-kelvin", StringComparison.Ordinal);
            throw new UsageException(first);
        }

        if (!string.Equals(file.Extension, ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out {file.Name}: the file must end in .png");
        }

        if (file.Directory is { Exists: false })
        {
            throw new UsageException($"--out {file.FullName}: directory {file.DirectoryName} does not exist");
        }

        if (!(seconds > 0 && seconds <= 300))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--timeout {seconds}: allowed: more than 0 and at most 300 seconds"));
        }
    }

    private static async Task<CapturedFrame> SnapAsync(CameraOptions options, IVideoDeviceFactory factory, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var camera = new UsbCamera(options, factory, time);
        await using (camera.ConfigureAwait(false))
        {
            var lost = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            camera.StateChanged += (_, e) =>
            {
                if (e.Current == CameraState.CameraLost)
                {
                    lost.TrySetResult(e.Cause);
                }
            };
            var notBefore = time.GetUtcNow();
            camera.Start();
            var frame = camera.GetFrameAsync(notBefore, cancellationToken).AsTask();

            // The camera would keep retrying after a failed open; a bring-up tool reports the first failure instead.
            Task first;
            try
            {
                first = await Task.WhenAny(frame, lost.Task).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"camera {camera.DevicePath}: no fresh frame within {timeout.TotalSeconds} s"));
            }

            if (first == frame)
            {
                return await frame.ConfigureAwait(false);
            }

            var cause = await lost.Task.ConfigureAwait(false);
            throw cause as CameraLostException ?? new CameraLostException($"camera {camera.DevicePath} lost", cause!);
        }
    }

    private static IEnumerable<string> DescribeModes(IVideoDeviceFactory factory, string path)
    {
        IReadOnlyList<VideoMode> modes;
        try
        {
            modes = factory.GetModes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or VideoDeviceNotFoundException)
        {
            return [$"cannot query: {ex.Message} (is the user in the 'video' group?)"];
        }

        if (modes.Count == 0)
        {
            return ["no capture formats (a codec or metadata node, not a camera)"];
        }

        return modes
            .GroupBy(m => (m.Format, m.Width, m.Height))
            .OrderBy(g => g.Key.Format)
            .ThenByDescending(g => (long)g.Key.Width * g.Key.Height)
            .Select(g =>
            {
                var rates = g.Where(m => m.FramesPerSecond > 0).Select(m => m.FramesPerSecond.ToString("0.##", CultureInfo.InvariantCulture)).ToList();
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{g.Key.Format.ToString().ToUpperInvariant(),-5} {g.Key.Width}x{g.Key.Height}  {(rates.Count == 0 ? "rate not reported" : string.Join(", ", rates) + " fps")}");
            });
    }
}
