using Curio.Benchmarks;

// dotnet run -c Release --project tests/Curio.Benchmarks -- [all|import|parse|s3-import|probe|filter] [--items N] [--urls N] [--objects N] [--units N|key=N,...]
//     [--filter-items N] [--iterations N] [--updates N] [--no-write] [--keep] [--reuse DIR]
// --units sets probe's N: for every type (a bare number) or per type, e.g. --units video=50,dicom=100 (0 skips a type);
// keys: png, jpeg, video, video-nokeys, wav, m4a, text, pdf, nifti, dicom. Probe's moto column needs CURIO_TEST_S3_ENDPOINT.
return await BenchmarkCommand.RunAsync(args);
