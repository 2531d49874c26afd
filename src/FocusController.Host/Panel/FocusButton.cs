using System.Device.Gpio;
using FocusController.Host.Configuration;
using FocusController.Host.Daemon;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Panel;

/// <summary>
/// The "focus now" push button: a press (falling edge, pull-up to 3.3 V, button to ground) queues a focus run.
/// Contact bounce within the debounce time after a press is ignored.
/// </summary>
public sealed partial class FocusButton(
    IOptions<PanelOptions> options,
    PanelGpio gpio,
    FocusRequests requests,
    TimeProvider time,
    ILogger<FocusButton> logger) : BackgroundService
{
    private DateTimeOffset _lastPress = DateTimeOffset.MinValue;

    public int Presses { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ButtonPin is not int pin || gpio.Controller is not { } controller)
        {
            return;
        }

        controller.OpenPin(pin, PinMode.InputPullUp);
        controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Falling, OnFalling);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            controller.UnregisterCallbackForPinValueChangedEvent(pin, OnFalling);
        }
    }

    private void OnFalling(object sender, PinValueChangedEventArgs args)
    {
        var now = time.GetUtcNow();
        if (now - _lastPress < TimeSpan.FromMilliseconds(options.Value.DebounceMs))
        {
            return;
        }

        _lastPress = now;
        Presses++;
        LogPressed(logger);
        _ = requests.RequestAsync("button", CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Focus button pressed: focus run queued")]
    private static partial void LogPressed(ILogger logger);
}
