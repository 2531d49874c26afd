using FocusController.Host.Configuration;
using FocusController.Imaging;
using FocusController.Inference;

namespace FocusController.Host.Daemon;

/// <summary>
/// Opens the configured LDSE-NET, or says why it cannot: a missing or corrupt model is a degraded mode (classic
/// search), not a reason to stop the daemon.
/// </summary>
public static class EstimatorLoader
{
    public static (PatchDefocusEstimator? Estimator, string? Problem) TryOpen(ModelOptions options, ObjectiveProfile profile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(profile);
        var precision = options.Precision == "fp32" ? ModelPrecision.Fp32 : ModelPrecision.Int8;
        string? path = options.Path;
        if (string.IsNullOrEmpty(path))
        {
            string name = ModelFiles.FileName(profile.Name, precision);
            path = ModelFiles.Find(name, out var searched);
            if (path is null)
            {
                return (null, $"{name} not found in {string.Join(", ", searched.Take(3))}");
            }
        }

        try
        {
            var estimator = PatchDefocusEstimator.Open(
                new LdseModelOptions { ModelPath = path, IntraOpThreads = options.Threads },
                new DefocusEstimatorOptions { Views = options.Views });
            return (estimator, null);
        }
        catch (Exception ex) when (ex is InvalidModelException or FileNotFoundException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return (null, ex.Message);
        }
    }
}
