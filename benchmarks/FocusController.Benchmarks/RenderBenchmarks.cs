using BenchmarkDotNet.Attributes;
using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;

namespace FocusController.Benchmarks;

/// <summary>
/// Rendering speed: one noisy 224×224 patch (the dataset's unit of work, transfer functions cached as in a dataset run)
/// and one 1280×960 frame (the virtual microscope's live view), 20×/0.75, blood smear. Patches/s and frames/s are
/// 1 / mean time.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private SpecimenRenderer _patch = null!;
    private SpecimenRenderer _wide = null!;
    private NoiseSource _noise = null!;
    private int _z;

    [GlobalSetup]
    public void Setup()
    {
        var optics = OpticalSetup.Nominal(ObjectiveProfiles.Plan20x075);
        var cache = new TransferFunctionCache(2L << 30);
        _patch = new SpecimenRenderer(new BloodSmear().Generate(SpecimenGrid.ForFrame(optics, 224, 224), 1), optics, 224, 224, cache);
        _wide = new SpecimenRenderer(new BloodSmear().Generate(SpecimenGrid.ForFrame(optics, 1280, 960), 1), optics, 1280, 960, cache);
        _noise = new NoiseSource(1);
        // warm the cache for the z values the benchmark cycles through, as a dataset run would
        for (int z = -4; z <= 4; z++)
        {
            _patch.Render(z, SensorModel.Default, _noise);
            _wide.Render(z, SensorModel.Default, _noise);
        }
    }

    [Benchmark]
    public RgbImage Patch224() => _patch.Render(NextZ(), SensorModel.Default, _noise);

    [Benchmark]
    public RgbImage Frame1280x960() => _wide.Render(NextZ(), SensorModel.Default, _noise);

    private int NextZ() => (_z++ % 9) - 4;
}
