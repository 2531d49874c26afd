using System.Runtime.InteropServices;

namespace FocusController.Camera.V4l2;

/// <summary>
/// The few V4L2 ioctls VideoDevice 4.2.0 does not expose: frame-interval enumeration, the frame rate (S_PARM) and the
/// UVC auto-exposure / auto-white-balance switches. V4L2 controls and stream parameters belong to the device, not to
/// a file descriptor, so setting them through a second descriptor affects the stream VideoDevice opened.
/// </summary>
internal static class NativeMethods
{
    public const int ReadWrite = 2; // O_RDWR
    public const int NonBlocking = 0x800; // O_NONBLOCK on arm, arm64 and x86-64 Linux
    public const uint BufferTypeVideoCapture = 1;
    public const uint FrameIntervalDiscrete = 1;

    // _IOWR('V', nr, size): direction 3 << 30, size << 16, 'V' << 8, nr; the same encoding on every Linux the box runs on.
    public const uint SetControlRequest = 0xC008561C; // VIDIOC_S_CTRL
    public const uint SetParameterRequest = 0xC0CC5616; // VIDIOC_S_PARM
    public const uint EnumFrameIntervalsRequest = 0xC034564B; // VIDIOC_ENUM_FRAMEINTERVALS

    // The DllImports below pass blittable structs by reference; LibraryImport would need unsafe code, which the build forbids.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, ref Control argument);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, ref StreamParameter argument);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, ref FrameIntervalEnum argument);
#pragma warning restore SYSLIB1054

    /// <summary>struct v4l2_control.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Control
    {
        public uint Id;
        public int Value;
    }

    /// <summary>struct v4l2_streamparm with its capture member (204 bytes with the union's raw_data).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 204)]
    public struct StreamParameter
    {
        public uint Type;
        public uint Capability;
        public uint CaptureMode;
        public uint TimePerFrameNumerator;
        public uint TimePerFrameDenominator;
        public uint ExtendedMode;
        public uint ReadBuffers;
    }

    /// <summary>struct v4l2_frmivalenum (52 bytes): a discrete interval, or min/max/step when stepwise.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FrameIntervalEnum
    {
        public uint Index;
        public uint PixelFormat;
        public uint Width;
        public uint Height;
        public uint Type;
        public uint MinNumerator;
        public uint MinDenominator;
        public uint MaxNumerator;
        public uint MaxDenominator;
        public uint StepNumerator;
        public uint StepDenominator;
        public uint Reserved0;
        public uint Reserved1;
    }
}
