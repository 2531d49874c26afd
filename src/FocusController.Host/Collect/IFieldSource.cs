using FocusController.Control;

namespace FocusController.Host.Collect;

/// <summary>
/// The fields of view a collection visits: on a microscope the technician moves the slide when asked; on the virtual
/// microscope each field is a fresh specimen at a fresh distance from focus.
/// </summary>
public interface IFieldSource : IAsyncDisposable
{
    /// <summary>The specimen kind recorded in labels.csv (<c>unknown</c> on a microscope).</summary>
    string Kind { get; }

    /// <summary>
    /// The rig looking at field <paramref name="index"/>. Unless <paramref name="first"/>, a new field is needed first
    /// (the technician is asked to move the slide). Null when the technician ends the collection.
    /// </summary>
    Task<FocusRig?> NextFieldAsync(int index, bool first, CancellationToken cancellationToken);
}
