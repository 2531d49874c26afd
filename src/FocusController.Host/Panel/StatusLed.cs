using System.Device.Gpio;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Panel;

/// <summary>Drives the status LED from the daemon phase; does nothing when no LED pin is configured.</summary>
public sealed class StatusLed(IOptions<PanelOptions> options, PanelGpio gpio, DaemonStateStore state, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.LedPin is not int pin || gpio.Controller is not { } controller)
        {
            return;
        }

        controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        var start = time.GetUtcNow();
        using var timer = new PeriodicTimer(LedPattern.Slot, time);
        try
        {
            bool? shown = null;
            do
            {
                bool on = LedPattern.IsOn(state.Current.Phase, time.GetUtcNow() - start);
                if (on != shown)
                {
                    controller.Write(pin, on ? PinValue.High : PinValue.Low);
                    shown = on;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            controller.Write(pin, PinValue.Low);
        }
    }
}
