using FocusController.Inference;

namespace FocusController.Bench;

/// <summary>
/// One entry of the bench: a name for the output ("single-shot-int8"), the strategy it runs (single-shot, classic),
/// the estimator it reads (null for classic) and the inference time each estimate is charged.
/// </summary>
public sealed record BenchContender(string Name, string Strategy, IDefocusEstimator? Estimator, TimeSpan InferenceTime, string? ModelVersion = null);
