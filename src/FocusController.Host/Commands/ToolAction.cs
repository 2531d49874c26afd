using FocusController.Imaging;

namespace FocusController.Host.Commands;

/// <summary>
/// Runs a tool command's body and turns bad input into one line on stderr and exit code 2, so every command
/// reports problems the same way and none prints a stack trace at a technician.
/// </summary>
public static class ToolAction
{
    public const int UsageExitCode = 2;

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UsageException or InvalidImageException)
        {
            await error.WriteLineAsync($"focusctl: {ex.Message}").ConfigureAwait(false);
            return UsageExitCode;
        }
    }
}
