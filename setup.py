"""Build the optional compiled kernels (dedup/_kernels.c); everything else is in pyproject.toml.

``optional=True``: where no C compiler is found the install still succeeds, and dedup runs the numpy
twins of the kernels (same results, slower).
"""

import sys

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "dedup._kernels",
            ["dedup/_kernels.c"],
            optional=True,
            extra_compile_args=[] if sys.platform == "win32" else ["-O3"],
        )
    ]
)
