using FocusController.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FocusController.Control;

/// <summary>Builds a strategy by its name, as the config and `focusctl bench --strategy` spell it.</summary>
public static class FocusStrategies
{
    /// <summary>Single-shot when a model is loaded, classic otherwise.</summary>
    public const string Auto = "auto";

    public static IReadOnlyList<string> Names { get; } = [Auto, SingleShotStrategy.StrategyName, ClassicStrategy.StrategyName];

    /// <summary>
    /// The strategy called <paramref name="name"/> on <paramref name="rig"/>. Throws <see cref="ArgumentException"/>
    /// naming the value and the names that exist, or saying that the single-shot strategy needs a model.
    /// </summary>
    public static IFocusStrategy Create(
        string name,
        FocusRig rig,
        FocusOptions options,
        ObjectiveProfile profile,
        AxisDirection? direction = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(rig);
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var chosen = name.Trim().ToLowerInvariant() switch
        {
            Auto => rig.Estimator is null ? ClassicStrategy.StrategyName : SingleShotStrategy.StrategyName,
            var other => other,
        };
        return chosen switch
        {
            SingleShotStrategy.StrategyName => new SingleShotStrategy(rig, options, profile, direction, loggers.CreateLogger<SingleShotStrategy>()),
            ClassicStrategy.StrategyName => new ClassicStrategy(rig, options, profile, loggers.CreateLogger<ClassicStrategy>()),
            _ => throw new ArgumentException($"unknown focus strategy '{name}'; known strategies: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
