using FocusController.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Control;

/// <summary>
/// Autofocus without a model: golden-section search on a classic focus measure, bracketing first. The fallback when
/// no model is loaded and the baseline in benchmarks; it needs many more frames than the single-shot strategy.
/// </summary>
public sealed class ClassicStrategy : IFocusStrategy
{
    public const string StrategyName = "classic";

    private readonly FocusRig _rig;
    private readonly FocusSettings _settings;
    private readonly ILogger _logger;

    public ClassicStrategy(FocusRig rig, FocusOptions options, ObjectiveProfile profile, ILogger<ClassicStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(options);
        _rig = rig;
        _settings = options.Resolve(profile);
        _logger = logger ?? NullLogger<ClassicStrategy>.Instance;
    }

    public string Name => StrategyName;

    public Task<FocusOutcome> FocusAsync(CancellationToken cancellationToken)
    {
        var session = new FocusSession(_rig, _settings, Name);
        return FocusRunGuard.RunAsync(
            session,
            async () =>
            {
                var search = new GoldenSectionSearch(session, StrategyName, estimate: false);
                await search.FocusAsync(null, cancellationToken).ConfigureAwait(false);
                return session.Finish(FocusResult.InFocus, FocusReasons.Converged, null);
            },
            _logger,
            cancellationToken);
    }
}
