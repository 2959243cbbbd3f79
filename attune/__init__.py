import os

# NumPy's BLAS would otherwise start a thread per core in every web worker and compete with the
# other workers for the same cores; one thread each is faster under load. Set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
