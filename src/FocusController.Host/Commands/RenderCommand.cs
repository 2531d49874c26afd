using System.CommandLine;
using System.Globalization;
using FocusController.Imaging;
using FocusController.Simulation.Optics;
using FocusController.Simulation.Rendering;
using FocusController.Simulation.Sensor;
using FocusController.Simulation.Specimens;

namespace FocusController.Host.Commands;

/// <summary>`focusctl render`: one simulated camera frame of a specimen at a defocus. Validates everything before writing.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var specimenOption = new Option<string?>("--specimen") { Description = "In-focus brightfield image to use as the specimen (one pixel per camera pixel)" };
        var proceduralOption = new Option<int?>("--procedural") { Description = "Seed of a procedural specimen instead of an image" };
        var kindOption = new Option<string>("--kind") { Description = $"Procedural specimen kind: {SpecimenKinds.Names}", DefaultValueFactory = _ => "blood" };
        var objectiveOption = new Option<string>("--objective") { Description = $"Objective profile: {ObjectiveProfiles.Names}", Required = true };
        var zOption = new Option<double>("--z") { Description = "Defocus, um (axis position minus in-focus position)", Required = true };
        var widthOption = new Option<int>("--width") { Description = "Frame width, pixels", DefaultValueFactory = _ => 224 };
        var heightOption = new Option<int>("--height") { Description = "Frame height, pixels", DefaultValueFactory = _ => 224 };
        var seedOption = new Option<long>("--seed") { Description = "Camera noise seed", DefaultValueFactory = _ => 1 };
        var matterOption = new Option<string>("--matter") { Description = $"With --specimen: what the image is taken to be made of, for its phase ({MatterNames})", DefaultValueFactory = _ => SpecimenClass.MountedSection.Name };
        var coverslipOption = new Option<double>("--coverslip-error") { Description = "Coverslip thickness error, um (spherical aberration), -30 to 30", DefaultValueFactory = _ => 0 };
        var curvatureOption = new Option<double>("--field-curvature") { Description = "Field curvature, um of defocus per mm^2 at the specimen, -500 to 500", DefaultValueFactory = _ => 0 };
        var outOption = new Option<string>("--out") { Description = "Output PNG file", Required = true };

        var command = new Command("render", "Render one simulated camera frame of a specimen at a given defocus");
        foreach (var option in new Option[] { specimenOption, proceduralOption, kindOption, objectiveOption, zOption, widthOption, heightOption, seedOption, matterOption, coverslipOption, curvatureOption, outOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult pr, CancellationToken ct) => ToolAction.RunAsync(pr.InvocationConfiguration.Error, async () =>
        {
            string? specimenPath = pr.GetValue(specimenOption);
            int? procedural = pr.GetValue(proceduralOption);
            if ((specimenPath is null) == (procedural is null))
            {
                throw new UsageException("--specimen PATH or --procedural SEED: give exactly one");
            }

            bool kindGiven = pr.GetResult(kindOption) is { Implicit: false };
            if (specimenPath is not null && kindGiven)
            {
                throw new UsageException("--kind: only with --procedural; an image specimen has kind 'image'");
            }

            var profile = RenderArguments.Objective(pr.GetValue(objectiveOption)!);
            double z = RenderArguments.Z(pr.GetValue(zOption));
            int width = RenderArguments.FrameSide("--width", pr.GetValue(widthOption));
            int height = RenderArguments.FrameSide("--height", pr.GetValue(heightOption));
            string kind = RenderArguments.Kind(pr.GetValue(kindOption)!);
            string matterName = pr.GetValue(matterOption)!;
            var matterClass = SpecimenClass.All.FirstOrDefault(c => c.Name.Equals(matterName, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--matter {matterName}: allowed {MatterNames}");
            if (specimenPath is null && pr.GetResult(matterOption) is { Implicit: false })
            {
                throw new UsageException("--matter: only with --specimen; a procedural kind has its own matter");
            }

            double coverslip = pr.GetValue(coverslipOption);
            if (!(Math.Abs(coverslip) <= 30))
            {
                throw new UsageException(Invariant($"--coverslip-error {coverslip}: allowed -30 to 30 um"));
            }

            double curvature = pr.GetValue(curvatureOption);
            if (!(Math.Abs(curvature) <= 500))
            {
                throw new UsageException(Invariant($"--field-curvature {curvature}: allowed -500 to 500 um/mm^2"));
            }

            string output = pr.GetValue(outOption)!;
            string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
            if (Directory.Exists(output) || !output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--out {output}: must be a .png file path");
            }

            if (folder is null || !Directory.Exists(folder))
            {
                throw new UsageException($"--out {output}: directory {folder} does not exist");
            }

            var optics = new OpticalSetup { Objective = profile, CoverslipErrorUm = coverslip, FieldCurvatureUmPerMm2 = curvature };
            Specimen specimen;
            if (specimenPath is not null)
            {
                var image = ImageFile.Read(specimenPath);
                try
                {
                    specimen = ImageSpecimen.Create(image, optics, width, height, Math.Abs(z), ImageMatter.Draw(matterClass, new Random(pr.GetValue(seedOption).GetHashCode())));
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"--specimen {specimenPath}: {ex.Message}", ex);
                }
            }
            else
            {
                specimen = SpecimenKinds.ForFrame(kind, optics, width, height, procedural!.Value);
            }

            // z is from the field's clarity plane, like every label and bench figure; the physical plane is reported
            var field = await Task.Run(() => new FieldRenderer(new SpecimenRenderer(specimen, optics, width, height, new TransferFunctionCache())), ct).ConfigureAwait(false);
            var frame = field.Render(z, SensorModel.Default, new NoiseSource(pr.GetValue(seedOption)));
            ImageFile.WritePng(frame, output);
            await pr.InvocationConfiguration.Output.WriteLineAsync(Invariant(
                $"wrote {output}: {width}x{height}, {specimen.Kind}, z {z} um from the clarity plane (physical focal plane at {field.FocalPlaneUm:+0.00;-0.00} um), {profile.Name}")).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static string MatterNames => string.Join(", ", SpecimenClass.All.Select(c => c.Name));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
