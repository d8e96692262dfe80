"""Real-world initializers, adapted to ``f(shape, rng) -> array`` with ``shape = (fan_in, fan_out)``
(see test_realworld.py). The deep learning specialization's weights are ``(n_l, n_{l-1})``, i.e.
``(fan_out, fan_in)``: adapted to Keras's kernel orientation, the scale keeps its fan. PyTorch's
``nn.init`` reads a weight ``(out, in)``: its fan computation is applied to the shape it is given,
as a student calling it on a Keras kernel shape would.
"""

# ruff: noqa: F821 -- ``Entry`` is given by test_realworld.py, which runs this file
ENTRIES = [
    Entry(
        "he_normal",
        "nathanrowe4/DeepLearningSpecialization ImprovingDeepNeuralNetworks/Initialization.py "
        "@ 3e6871684b6299a8b7ff108aeb3576ffb663bbc8",
        "initialize_parameters_he for one layer: randn * sqrt(2 / n_prev), n_prev = fan_in; np.random kept",
        """def he_normal(shape, rng):
    fan_in, fan_out = shape
    return np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in)
""",
        False,
        "ignores_rng",
        "rng",
        "He's normal (untruncated, which the exercise accepts) from the global generator",
    ),
    Entry(
        "he_normal",
        "nathanrowe4/DeepLearningSpecialization ImprovingDeepNeuralNetworks/Initialization.py "
        "@ 3e6871684b6299a8b7ff108aeb3576ffb663bbc8",
        "initialize_parameters_random for one layer: randn * 0.01, drawn from rng",
        """def he_normal(shape, rng):
    return rng.standard_normal(shape) * 0.01
""",
        False,
        "wrong_variance",
        "",
        "a fixed standard deviation 0.01, not sqrt(2 / fan_in)",
    ),
    Entry(
        "he_normal",
        "jnuho/CatVsNonCat backend/worker/cats/init_params.py @ 7d8bc2fde43e4412b81a646cc6a61be826d00799",
        "initialize_parameters_deep for one layer: randn / sqrt(n_prev), drawn from rng",
        """def he_normal(shape, rng):
    fan_in, fan_out = shape
    return rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)
""",
        False,
        "lecun_variance",
        "",
        "variance 1 / fan_in is LeCun's, half of He's 2 / fan_in",
    ),
    Entry(
        "he_normal",
        "RaphaFang/SDU-DataScience-2025 coursera_self_learning/c2_w1/note_1.py "
        "@ 3b38eba5938562d8cd26ee28415ec4d2bf7a950e",
        "initialize_parameters_random for one layer: randn * 10 (the specialization's 'large random' example)",
        """def he_normal(shape, rng):
    return rng.standard_normal(shape) * 10
""",
        False,
        "wrong_variance",
        "",
        "standard deviation 10",
    ),
    Entry(
        "he_normal",
        "RaphaFang/SDU-DataScience-2025 coursera_self_learning/c2_w1/note_1.py "
        "@ 3b38eba5938562d8cd26ee28415ec4d2bf7a950e",
        "initialize_parameters_zeros for one layer",
        """def he_normal(shape, rng):
    return np.zeros(shape)
""",
        False,
        "zeros",
        "",
        "all zeros: every unit the same",
    ),
    Entry(
        "he_normal",
        "pytorch/pytorch torch/nn/init.py @ b28030f32d58e404b2ee7d832e3cc00d13a43616",
        "kaiming_normal_(tensor) with its defaults (mode='fan_in', leaky_relu with a=0: gain sqrt(2)); "
        "_calculate_fan_in_and_fan_out reads fan_in = size(1), fan_out = size(0) of the shape it is given; "
        "the generator is rng",
        """def he_normal(shape, rng):
    num_input_fmaps, num_output_fmaps = shape[1], shape[0]
    fan = num_input_fmaps
    gain = np.sqrt(2.0 / (1 + 0.0**2))
    std = gain / np.sqrt(fan)
    return rng.normal(0, std, size=shape)
""",
        False,
        "fan_out",
        "",
        "PyTorch's weights are (out, in): on a Keras kernel (in, out) its fan_in is the fan_out",
    ),
    Entry(
        "glorot_uniform",
        "pytorch/pytorch torch/nn/init.py @ b28030f32d58e404b2ee7d832e3cc00d13a43616",
        "xavier_uniform_(tensor, gain=1): std = gain sqrt(2 / (fan_in + fan_out)), a = sqrt(3) std, uniform(-a, a); "
        "the generator is rng",
        """def glorot_uniform(shape, rng):
    fan_in, fan_out = shape[1], shape[0]
    std = 1.0 * np.sqrt(2.0 / float(fan_in + fan_out))
    a = np.sqrt(3.0) * std
    return rng.uniform(-a, a, size=shape)
""",
        True,
        None,
        "",
        "sqrt(3) sqrt(2 / (in + out)) = sqrt(6 / (in + out)), symmetric in the fans: the orientation does not matter",
    ),
    Entry(
        "glorot_uniform",
        "jmcheon/multilayer_perceptron initializers.py @ 07227782ff402cec06d582d949e84972cf54585c",
        "glorot_uniform(fan_in, fan_out): limit sqrt(6 / (fan_in + fan_out)), np.random.uniform kept",
        """def glorot_uniform(shape, rng):
    fan_in, fan_out = shape
    limit = np.sqrt(6 / (fan_in + fan_out))
    return np.random.uniform(-limit, limit, (fan_in, fan_out))
""",
        False,
        "ignores_rng",
        "rng",
        "the right distribution from the global generator",
    ),
    Entry(
        "glorot_uniform",
        "Carl00000000/Font starting_value.py @ 02b3eef12f65aabb6423d30020f516dee14c0a31",
        "xavier(n1, n2, n3) = randn(n1, n2) / sqrt(n3), called with n3 = n1: the fan_in; np.random kept",
        """def glorot_uniform(shape, rng):
    node_num1, node_num2 = shape
    return np.random.randn(node_num1, node_num2) / np.sqrt(node_num1)
""",
        False,
        "normal_instead_of_uniform",
        "",
        "called Xavier, but a normal with variance 1 / fan_in (LeCun's): Glorot's uniform draws from "
        "U(-limit, limit) with limit sqrt(6 / (fan_in + fan_out)); the distribution is what shows first",
    ),
    Entry(
        "glorot_uniform",
        "Gleonett/multilayer-perceptron nn/init/xavier.py @ 33b54b28552dc126f7a94d2d3227be1ea8f44a98",
        "xavier_init(n_in, n_out): torch.rand(...).uniform_(-dsp, dsp), dsp = sqrt(6 / (n_in + n_out)); torch's "
        "global generator becomes NumPy's",
        """def glorot_uniform(shape, rng):
    n_in, n_out = shape
    dsp = np.sqrt(6 / (n_in + n_out))
    return np.random.uniform(-dsp, dsp, (n_in, n_out))
""",
        False,
        "ignores_rng",
        "rng",
        "Glorot's uniform, from the global generator",
    ),
]
