using System.Diagnostics.CodeAnalysis;

namespace FocusController.Inference;

/// <summary>Which of an objective's two model files to load (docs/contracts.md, "Model file").</summary>
public enum ModelPrecision
{
    /// <summary>Quantized: the default on edge boards, a few times faster and a quarter the size.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "int8 is the contract's name for the quantized model file")]
    Int8,

    /// <summary>Full precision: the reference the int8 model is checked against.</summary>
    Fp32,
}
