using System.Device.Gpio;

namespace FocusController.Host.Panel;

/// <summary>
/// The GPIO controller the button and LED share (null when neither is fitted, so a box without a panel never
/// opens a gpiochip for it). In simulation it is a controller over the simulated driver.
/// </summary>
public sealed class PanelGpio(GpioController? controller)
{
    public GpioController? Controller { get; } = controller;
}
