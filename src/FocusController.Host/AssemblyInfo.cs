using System.Runtime.Versioning;

// The box is a Linux device (systemd, gpiochip, V4L2, Unix sockets); no other platform is built for.
[assembly: SupportedOSPlatform("linux")]
