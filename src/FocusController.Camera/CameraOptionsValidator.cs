using System.Globalization;
using Microsoft.Extensions.Options;

namespace FocusController.Camera;

/// <summary>Checks the Camera section at start; each message names the key, the value and what is allowed.</summary>
public sealed class CameraOptionsValidator : IValidateOptions<CameraOptions>
{
    public const int MaxDimension = 8192;
    public const int MaxExposureMicroseconds = 10_000_000;

    public ValidateOptionsResult Validate(string? name, CameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string S = CameraOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Device)
            || !(DevicePaths.IsIndex(options.Device, out _) || options.Device.StartsWith("/dev/", StringComparison.Ordinal)))
        {
            errors.Add($"{S}:Device is '{options.Device}'; allowed: a device index (0, 1, ...) or a path under /dev/ such as /dev/video0");
        }

        if (options.Width.HasValue != options.Height.HasValue)
        {
            errors.Add($"{S}:Width is {Show(options.Width)} and {S}:Height is {Show(options.Height)}; set both or neither");
        }

        CheckRange(errors, $"{S}:Width", options.Width, 2, MaxDimension, "pixels");
        CheckRange(errors, $"{S}:Height", options.Height, 1, MaxDimension, "pixels");
        if (options.Width is int width && width % 2 != 0)
        {
            errors.Add($"{S}:Width is {Show(width)}; allowed: an even number (YUYV carries pixels in pairs)");
        }

        if (!Enum.IsDefined(options.PixelFormat))
        {
            errors.Add($"{S}:PixelFormat is '{options.PixelFormat}'; allowed: auto, mjpeg, yuyv");
        }

        if (options.FramesPerSecond is double fps && !(fps >= 1 && fps <= 240))
        {
            errors.Add($"{S}:FramesPerSecond is {fps.ToString(CultureInfo.InvariantCulture)}; allowed: 1 to 240, or unset for the highest the device offers");
        }

        CheckRange(errors, $"{S}:ExposureMicroseconds", options.ExposureMicroseconds, 1, MaxExposureMicroseconds, "microseconds");
        CheckRange(errors, $"{S}:Gain", options.Gain, 0, 65535, "device units");
        CheckRange(errors, $"{S}:WhiteBalanceTemperatureKelvin", options.WhiteBalanceTemperatureKelvin, 1000, 15000, "kelvin");

        if (options.Auto && (options.ExposureMicroseconds.HasValue || options.Gain.HasValue || options.WhiteBalanceTemperatureKelvin.HasValue))
        {
            errors.Add($"{S}:Auto is true but manual exposure, gain or white balance is also set; set {S}:Auto to false to use them, or remove them");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange(List<string> errors, string key, int? value, int min, int max, string unit)
    {
        if (value is int v && (v < min || v > max))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} is {v}; allowed: {min} to {max} {unit}, or unset"));
        }
    }

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unset";
}
