using System.Globalization;
using System.Runtime.InteropServices;

namespace FocusController.Camera.V4l2;

/// <summary>Frame rates and manual controls on a V4L2 node, through its own short-lived file descriptor.</summary>
internal sealed class V4l2DeviceControls : IDisposable
{
    // Control ids from linux/v4l2-controls.h.
    private const uint AutoWhiteBalance = 0x0098090C;
    private const uint Gain = 0x00980913;
    private const uint WhiteBalanceTemperature = 0x0098091A;
    private const uint ExposureAuto = 0x009A0901;
    private const uint ExposureAbsolute = 0x009A0902;
    private const uint ExposureAutoPriority = 0x009A0903;
    private const int ExposureManual = 1;
    private const int ExposureAperturePriority = 3;

    private readonly string _path;
    private int _fd;

    public V4l2DeviceControls(string path)
    {
        _path = path;
        _fd = NativeMethods.Open(path, NativeMethods.ReadWrite | NativeMethods.NonBlocking);
        if (_fd < 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Frame rates the device offers for a format and size, highest first; empty when it does not say.</summary>
    public IReadOnlyList<double> FrameRates(uint fourcc, int width, int height)
    {
        var rates = new List<double>();
        for (uint index = 0; index < 64; index++)
        {
            var query = new NativeMethods.FrameIntervalEnum { Index = index, PixelFormat = fourcc, Width = (uint)width, Height = (uint)height };
            if (NativeMethods.Ioctl(_fd, NativeMethods.EnumFrameIntervalsRequest, ref query) != 0)
            {
                break;
            }

            // Stepwise or continuous: the shortest interval is the highest rate; one entry describes the whole range.
            if (query.MinNumerator > 0)
            {
                rates.Add(Math.Round((double)query.MinDenominator / query.MinNumerator, 3));
            }

            if (query.Type != NativeMethods.FrameIntervalDiscrete)
            {
                break;
            }
        }

        return [.. rates.Distinct().OrderDescending()];
    }

    /// <summary>Asks for a frame rate (VIDIOC_S_PARM); must happen before streaming starts. False when the driver refuses.</summary>
    public bool SetFrameRate(double framesPerSecond)
    {
        var parameter = new NativeMethods.StreamParameter
        {
            Type = NativeMethods.BufferTypeVideoCapture,
            TimePerFrameNumerator = 1000,
            TimePerFrameDenominator = (uint)Math.Round(framesPerSecond * 1000),
        };
        return NativeMethods.Ioctl(_fd, NativeMethods.SetParameterRequest, ref parameter) == 0;
    }

    /// <summary>
    /// Applies the controls, automatic modes off first (a manual value is ignored while its automatic mode is on).
    /// Returns what the device refused, for a log line; a device without a control keeps its own behaviour.
    /// </summary>
    public IReadOnlyList<string> Apply(CameraControls controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        var refused = new List<string>();
        if (!controls.Manual)
        {
            Set(ExposureAuto, ExposureAperturePriority, "exposure_auto=aperture priority", refused);
            Set(AutoWhiteBalance, 1, "white_balance_automatic=1", refused);
            return refused;
        }

        Set(ExposureAuto, ExposureManual, "exposure_auto=manual", refused);
        // With auto priority on, a UVC camera may lower its frame rate in dim light, stretching the frame period.
        Set(ExposureAutoPriority, 0, "exposure_dynamic_framerate=0", refused);
        if (controls.ExposureDeviceUnits is int units)
        {
            Set(ExposureAbsolute, units, $"exposure_time_absolute={units.ToString(CultureInfo.InvariantCulture)}", refused);
        }

        Set(AutoWhiteBalance, 0, "white_balance_automatic=0", refused);
        if (controls.WhiteBalanceTemperatureKelvin is int kelvin)
        {
            Set(WhiteBalanceTemperature, kelvin, $"white_balance_temperature={kelvin.ToString(CultureInfo.InvariantCulture)}", refused);
        }

        if (controls.Gain is int gain)
        {
            Set(Gain, gain, $"gain={gain.ToString(CultureInfo.InvariantCulture)}", refused);
        }

        return refused;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = NativeMethods.Close(_fd);
            _fd = -1;
        }
    }

    private void Set(uint id, int value, string description, List<string> refused)
    {
        var control = new NativeMethods.Control { Id = id, Value = value };
        if (NativeMethods.Ioctl(_fd, NativeMethods.SetControlRequest, ref control) != 0)
        {
            refused.Add($"{description} ({Marshal.GetLastPInvokeErrorMessage()}) on {_path}");
        }
    }
}
