using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FocusController.Inference;

/// <summary>
/// What a model file says about itself in its metadata_props (docs/contracts.md, "Model file"), checked
/// against the contract: preprocessing, objective, trained range, precision and version. The daemon never
/// assumes a preprocessing of its own, so training and inference cannot drift apart.
/// </summary>
public sealed record LdseModelInfo
{
    public const string FormatKey = "focuscontroller.format";
    public const string SupportedFormat = "ldse-net/1";
    public const string InputName = "image";
    public const string OutputName = "defocus_um";
    public const int Channels = 3;

    public required string Path { get; init; }

    public required int PatchSize { get; init; }

    /// <summary>Multiplies 8-bit pixel values first.</summary>
    public required float Scale { get; init; }

    /// <summary>Then subtracted per channel, R,G,B.</summary>
    public required IReadOnlyList<float> Mean { get; init; }

    /// <summary>Then divided per channel, R,G,B.</summary>
    public required IReadOnlyList<float> Std { get; init; }

    public required string Objective { get; init; }

    public required double PixelSizeUm { get; init; }

    public required double ZRangeUm { get; init; }

    public required string Precision { get; init; }

    public required string Version { get; init; }

    /// <summary>
    /// Optional <c>near_focus_gain</c>: the reading's growth per µm of true defocus within a µm of focus on held-out
    /// stacks (evaluate.py --write-gain); null when the file does not say.
    /// </summary>
    public double? NearFocusGain { get; init; }

    private const string NearFocusGainKey = "near_focus_gain";

    /// <summary>Checks the session's input/output and metadata against the contract; throws <see cref="InvalidModelException"/> naming the file and the first problem.</summary>
    public static LdseModelInfo FromSession(string path, InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        CheckInput(path, session.InputMetadata);
        CheckOutput(path, session.OutputMetadata);
        var props = session.ModelMetadata.CustomMetadataMap;
        string format = Required(path, props, FormatKey);
        if (format != SupportedFormat)
        {
            throw new InvalidModelException(path, $"metadata {FormatKey} is '{format}'; this build reads '{SupportedFormat}'");
        }

        int patchSize = (int)Number(path, props, "patch_size");
        if (patchSize != 224)
        {
            throw new InvalidModelException(path, $"metadata patch_size is {patchSize}; the contract's input is 224x224");
        }

        var mean = Triple(path, props, "preprocess.mean");
        var std = Triple(path, props, "preprocess.std");
        if (std.Any(s => !(s > 0)))
        {
            throw new InvalidModelException(path, "metadata preprocess.std must be three positive numbers");
        }

        double scale = Number(path, props, "preprocess.scale");
        if (!(scale > 0))
        {
            throw new InvalidModelException(path, "metadata preprocess.scale must be a positive number");
        }

        double range = Number(path, props, "z_range_um");
        if (!(range > 0))
        {
            throw new InvalidModelException(path, "metadata z_range_um must be a positive number");
        }

        return new LdseModelInfo
        {
            Path = path,
            PatchSize = patchSize,
            Scale = (float)scale,
            Mean = mean,
            Std = std,
            Objective = Required(path, props, "objective"),
            PixelSizeUm = Number(path, props, "pixel_size_um"),
            ZRangeUm = range,
            Precision = Required(path, props, "precision"),
            Version = props.TryGetValue("version", out var version) ? version : "unknown",
            NearFocusGain = props.ContainsKey(NearFocusGainKey) ? Number(path, props, NearFocusGainKey) : null,
        };
    }

    private static void CheckInput(string path, IReadOnlyDictionary<string, NodeMetadata> inputs)
    {
        if (inputs.Count != 1 || !inputs.TryGetValue(InputName, out var input))
        {
            throw new InvalidModelException(path, $"model inputs are [{string.Join(", ", inputs.Keys)}]; the contract is one input '{InputName}' float32 [N,3,224,224]");
        }

        var dims = input.Dimensions;
        bool shapeOk = dims.Length == 4 && dims[0] is -1 or > 0 && dims[1] == Channels && dims[2] == 224 && dims[3] == 224;
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float || !shapeOk)
        {
            throw new InvalidModelException(path, $"input '{InputName}' is {Describe(input)}; the contract is float32 [N,3,224,224]");
        }
    }

    private static void CheckOutput(string path, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        if (!outputs.TryGetValue(OutputName, out var output))
        {
            throw new InvalidModelException(path, $"model outputs are [{string.Join(", ", outputs.Keys)}]; the contract has '{OutputName}' float32 [N,1]");
        }

        var dims = output.Dimensions;
        if (!output.IsTensor || output.ElementDataType != TensorElementType.Float || dims.Length != 2 || dims[1] != 1)
        {
            throw new InvalidModelException(path, $"output '{OutputName}' is {Describe(output)}; the contract is float32 [N,1]");
        }
    }

    private static string Describe(NodeMetadata node) =>
        node.IsTensor
            ? $"{node.ElementDataType} [{string.Join(",", node.Dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)))}]"
            : node.OnnxValueType.ToString();

    private static string Required(string path, IReadOnlyDictionary<string, string> props, string key) =>
        props.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new InvalidModelException(path, $"metadata_props lacks '{key}' (see docs/contracts.md, \"Model file\")");

    private static double Number(string path, IReadOnlyDictionary<string, string> props, string key)
    {
        string text = Required(path, props, key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new InvalidModelException(path, $"metadata {key} is '{text}'; a number is expected");
    }

    private static float[] Triple(string path, IReadOnlyDictionary<string, string> props, string key)
    {
        string text = Required(path, props, key);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                throw new InvalidModelException(path, $"metadata {key} is '{text}'; three numbers (R,G,B) are expected");
            }
        }

        return values.Length == Channels
            ? values
            : throw new InvalidModelException(path, $"metadata {key} is '{text}'; three numbers (R,G,B) are expected, got {values.Length}");
    }
}
