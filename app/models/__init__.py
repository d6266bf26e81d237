"""Model bundles: manifests, verified installs (import, download, Python packages), compiled cache.

``store.ModelStore`` installs and lists bundles without OpenVINO; ``cache.CompiledModelCache``
compiles them (OpenVINO is imported only there and in the reference decoders).
"""
