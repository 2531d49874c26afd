using FocusController.Control;
using FocusController.Host.Daemon;

namespace FocusController.Host.Collect;

/// <summary>
/// Fields on the real microscope: the rig the daemon would open, and between fields the technician moves the slide
/// and presses Enter (end of input ends the collection).
/// </summary>
public sealed class MicroscopeFields(RigParts parts, TextReader input, TextWriter prompt) : IFieldSource
{
    public string Kind => "unknown";

    public async Task<FocusRig?> NextFieldAsync(int index, bool first, CancellationToken cancellationToken)
    {
        if (!first)
        {
            await prompt.WriteAsync($"\nmove the slide to a new field and press Enter (field {index + 1}; Ctrl+D ends the collection) ").ConfigureAwait(false);
            await prompt.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }
        }

        return parts.Rig;
    }

    public ValueTask DisposeAsync() => parts.Owner.DisposeAsync();
}
