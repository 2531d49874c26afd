using System.Globalization;

namespace FocusController.Camera;

/// <summary>How a configured device ("0", "/dev/video0") maps to a V4L2 device node.</summary>
public static class DevicePaths
{
    public const string VideoPrefix = "/dev/video";

    public static bool IsIndex(string device, out int index) =>
        int.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out index);

    public static string Resolve(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return IsIndex(device, out int index) ? VideoPrefix + index.ToString(CultureInfo.InvariantCulture) : device;
    }
}
