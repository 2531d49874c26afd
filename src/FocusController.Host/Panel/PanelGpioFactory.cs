using System.Device.Gpio;
using FocusController.Host.Configuration;

namespace FocusController.Host.Panel;

public static class PanelGpioFactory
{
    /// <summary>Opens the board's gpiochip only when a button or LED is fitted.</summary>
    public static PanelGpio Open(PanelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PanelGpio(options.ButtonPin is null && options.LedPin is null ? null : new GpioController());
    }
}
