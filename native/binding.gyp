{
  "targets": [
    {
      "target_name": "ossify_sys",
      "sources": ["ossify_sys.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
