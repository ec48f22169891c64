package dev.modelcompose.engine.models;

import dev.modelcompose.engine.spi.model.ModelException;
import dev.modelcompose.engine.spi.model.ResolvedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubDownloadIT {
    private static final String REPO = "org/tiny";

    @TempDir
    Path dir;
    FakeHub hub;
    byte[] model;
    Path cache;

    @BeforeEach
    void start() {
        hub = new FakeHub(dir.resolve("hub"));
        model = random(1 << 20, 1);
        hub.file(REPO, "config.json", "{\"architectures\": [\"BertModel\"]}")
                .file(REPO, "tokenizer.json", "{\"model\": {}}")
                .file(REPO, "vocab.txt", "[PAD]\n[UNK]\n")
                .file(REPO, "added_tokens.json", "")
                .file(REPO, "README.md", "# tiny")
                .file(REPO, "onnx/model.onnx", model)
                .file(REPO, "onnx/model_quantized.onnx", random(1000, 2));
        cache = dir.resolve("cache");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private ModelResolver resolver(String... env) {
        Map<String, String> environment = new HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint(),
                "HF_HUB_CACHE", cache.toString(), "MODEL_COMPOSE_CACHE", dir.resolve("mc").toString()));
        for (int i = 0; i < env.length; i += 2) {
            environment.put(env[i], env[i + 1]);
        }
        return ModelResolver.fromEnvironment(environment).withRetryDelay(10);
    }

    private static HubModelSource source(String repository) {
        return new HubModelSource(repository, null, null, null, null, false, null, null);
    }

    private Path snapshot() {
        return cache.resolve("models--org--tiny/snapshots").resolve(FakeHub.commit(REPO));
    }

    @Test
    void downloadsIntoTheHuggingFaceLayout() throws IOException {
        ResolvedModel resolved = resolver().resolve(source(REPO), DownloadProgress.NONE);
        assertThat(resolved).isEqualTo(new ResolvedModel(snapshot(), "onnx", "org/tiny@main"));
        Path repoFolder = cache.resolve("models--org--tiny");
        assertThat(Files.readString(repoFolder.resolve("refs/main"))).isEqualTo(FakeHub.commit(REPO));
        Path link = snapshot().resolve("onnx/model.onnx");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../../../blobs/" + FakeHub.sha256(model));
        assertThat(Files.readAllBytes(link)).isEqualTo(model);
        assertThat(Files.readSymbolicLink(snapshot().resolve("config.json")).toString()).startsWith("../../blobs/");
        assertThat(HubCache.files(snapshot()).keySet())
                .containsExactly("added_tokens.json", "config.json", "onnx/model.onnx", "tokenizer.json", "vocab.txt");
        assertThat(Files.size(snapshot().resolve("added_tokens.json"))).isZero();
        try (var blobs = Files.list(repoFolder.resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".incomplete"))).isEmpty();
        }
    }

    @Test
    void theCacheIsReusedWithoutDownloadingAgain() {
        resolver().resolve(source(REPO), null);
        hub.clearRequests();
        ResolvedModel again = resolver().resolve(source(REPO), null);
        assertThat(again.path()).isEqualTo(snapshot());
        assertThat(hub.requests()).extracting(FakeHub.Seen::path)
                .containsExactly("/api/models/org/tiny/revision/main");
    }

    @Test
    void aDroppedConnectionResumesWithRange() throws IOException {
        hub.dropOnceAfter("onnx/model.onnx", 300_000);
        resolver().resolve(source(REPO), null);
        assertThat(hub.drops()).isEqualTo(1);
        assertThat(Files.readAllBytes(snapshot().resolve("onnx/model.onnx"))).isEqualTo(model);
        List<FakeHub.Seen> downloads = hub.requests().stream()
                .filter(r -> r.path().equals("/cdn/org/tiny/onnx/model.onnx")).toList();
        assertThat(downloads).extracting(FakeHub.Seen::range).containsExactly(null, "bytes=300000-");
    }

    @Test
    void anIncompleteFileLeftByAnEarlierRunIsResumed() throws IOException {
        Path blobs = cache.resolve("models--org--tiny/blobs");
        Files.createDirectories(blobs);
        Files.write(blobs.resolve(FakeHub.sha256(model) + ".incomplete"), java.util.Arrays.copyOf(model, 5000));
        resolver().resolve(source(REPO), null);
        assertThat(Files.readAllBytes(snapshot().resolve("onnx/model.onnx"))).isEqualTo(model);
        assertThat(hub.requests()).filteredOn(r -> r.path().endsWith("onnx/model.onnx") && r.method().equals("GET"))
                .extracting(FakeHub.Seen::range).containsExactly("bytes=5000-");
    }

    @Test
    void aChecksumMismatchIsRejected() throws IOException {
        hub.corrupt("onnx/model.onnx");
        assertThatThrownBy(() -> resolver().resolve(source(REPO), null)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith("checksum mismatch for onnx/model.onnx of org/tiny: expected sha256 "
                        + FakeHub.sha256(model) + ", got ")
                .hasMessageEndingWith(" (the download was corrupted and removed; run again)");
        try (var blobs = Files.list(cache.resolve("models--org--tiny/blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(FakeHub.sha256(model)));
        }
        assertThat(snapshot().resolve("onnx/model.onnx")).doesNotExist();
    }

    @Test
    void aGatedModelAsksForAToken() {
        hub.gated(REPO, "hf_secret");
        assertThatThrownBy(() -> resolver().resolve(source(REPO), null)).isInstanceOf(ModelException.class)
                .hasMessage("model org/tiny is gated or private (HTTP 401 from " + hub.endpoint()
                        + "/api/models/org/tiny/revision/main): set HF_TOKEN or token: to a Hugging Face access "
                        + "token that may read it");
        assertThatThrownBy(() -> resolver("HF_TOKEN", "hf_wrong").resolve(source(REPO), null))
                .hasMessage("model org/tiny is gated or private (HTTP 403 from " + hub.endpoint()
                        + "/api/models/org/tiny/revision/main): the token was refused; check HF_TOKEN or token:, "
                        + "and accept the model's terms on its Hub page");
        hub.clearRequests();
        assertThat(resolver("HF_TOKEN", "hf_secret").resolve(source(REPO), null).format()).isEqualTo("onnx");
        assertThat(hub.requests()).extracting(FakeHub.Seen::authorization).containsOnly("Bearer hf_secret");
        HubModelSource withToken = new HubModelSource(REPO, null, null, null, dir.resolve("c2"), false,
                "hf_secret", null);
        assertThat(resolver().resolve(withToken, null).path().toString()).startsWith(dir.resolve("c2").toString());
    }

    @Test
    void notFoundNamesTheRepositoryFileOrRevision() {
        assertThatThrownBy(() -> resolver().resolve(source("org/missing"), null)).isInstanceOf(ModelException.class)
                .hasMessage("repository org/missing not found on the Hub (" + hub.endpoint()
                        + "/api/models/org/missing/revision/main); check the name, or set HF_TOKEN or token: if it "
                        + "is private");
        HubModelSource badFile = new HubModelSource(REPO, null, "onnx/model.onx", null, null, false, null, null);
        assertThatThrownBy(() -> resolver().resolve(badFile, null)).hasMessage("file 'onnx/model.onx' not found in "
                + "repository org/tiny at revision main (did you mean 'onnx/model.onnx'?)");
        HubModelSource badRevision = new HubModelSource(REPO, "v9", null, null, null, false, null, null);
        assertThatThrownBy(() -> resolver().resolve(badRevision, null)).hasMessage("revision 'v9' not found in "
                + "repository org/tiny (" + hub.endpoint() + "/api/models/org/tiny/revision/v9)");
    }

    @Test
    void anUnwritableCacheNamesThePath() throws IOException {
        Files.writeString(dir.resolve("not-a-folder"), "x");
        HubModelSource source = new HubModelSource(REPO, null, null, null, dir.resolve("not-a-folder/hf"), false,
                null, null);
        assertThatThrownBy(() -> resolver().resolve(source, null)).isInstanceOf(ModelException.class)
                .hasMessage("cannot write the model cache at " + dir.resolve("not-a-folder/hf")
                        + ": a file is in the way of a folder (set cache_dir, HF_HUB_CACHE or "
                        + "MODEL_COMPOSE_CACHE to a writable folder with free space)");
    }

    @Test
    void localFilesOnlyUsesTheCacheOrSaysItIsMissing() {
        HubModelSource offline = new HubModelSource(REPO, null, null, null, null, true, null, null);
        assertThatThrownBy(() -> resolver().resolve(offline, null)).isInstanceOf(ModelException.class)
                .hasMessage("model org/tiny@main is not in the cache at " + cache.resolve("models--org--tiny")
                        + " and downloads are off (local_files_only: true): run compose models pull org/tiny while "
                        + "online, or turn local_files_only / HF_HUB_OFFLINE off");
        assertThatThrownBy(() -> resolver("HF_HUB_OFFLINE", "1").resolve(source(REPO), null))
                .hasMessageContaining("downloads are off (HF_HUB_OFFLINE is set)");
        assertThat(hub.requests()).isEmpty();
        resolver().resolve(source(REPO), null);
        hub.clearRequests();
        assertThat(resolver().resolve(offline, null)).isEqualTo(new ResolvedModel(snapshot(), "onnx",
                "org/tiny@main"));
        assertThat(resolver("HF_HUB_OFFLINE", "1").resolve(source(REPO), null).path()).isEqualTo(snapshot());
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void anUnreachableHubNamesTheUrlAndFallsBackToTheCache() {
        ModelResolver nowhere = ModelResolver.fromEnvironment(Map.of("HF_ENDPOINT", "http://127.0.0.1:1",
                "HF_HUB_CACHE", cache.toString()));
        assertThatThrownBy(() -> nowhere.resolve(source(REPO), null)).isInstanceOf(ModelException.class)
                .hasMessage("cannot reach the Hugging Face Hub at http://127.0.0.1:1/api/models/org/tiny/revision/"
                        + "main: connection refused (check the network and HF_ENDPOINT; to use only the local cache, "
                        + "set local_files_only: true or HF_HUB_OFFLINE=1)");
        resolver().resolve(source(REPO), null);
        assertThat(nowhere.resolve(source(REPO), null).path()).isEqualTo(snapshot());
    }

    @Test
    void aHubFailingOnItsSideFallsBackToTheCache() {
        hub.down(true);
        assertThatThrownBy(() -> resolver().resolve(source(REPO), null)).isInstanceOf(ModelException.class)
                .hasMessage("the Hugging Face Hub answered HTTP 503 for " + hub.endpoint() + "/api/models/org/tiny/"
                        + "revision/main (a problem on the Hub's side; try again later, or set local_files_only: "
                        + "true or HF_HUB_OFFLINE=1 to use the local cache)");
        hub.down(false);
        resolver().resolve(source(REPO), null);
        hub.down(true);
        assertThat(resolver().resolve(source(REPO), null).path()).isEqualTo(snapshot());
    }

    @Test
    void filesDownloadInParallel() {
        for (int i = 0; i < 6; i++) {
            hub.file("org/shards", "model-0000" + i + "-of-00006.safetensors", random(200_000, i));
        }
        hub.file("org/shards", "config.json", "{}");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        DownloadProgress progress = new DownloadProgress() {
            @Override
            public void started(String repository, String file, long alreadyHave, long totalBytes) {
                threads.add(Thread.currentThread().getName());
            }
        };
        ResolvedModel resolved = resolver().resolve(source("org/shards"), progress);
        assertThat(resolved.format()).isEqualTo("safetensors");
        assertThat(threads).hasSize(HubDownload.PARALLEL_FILES).allMatch(n -> n.startsWith("model-download-"));
        assertThat(HubCache.files(resolved.path())).hasSize(7);
    }

    @Test
    void progressPrintsALinePerTenPercentWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        HubModelSource onlyModel = new HubModelSource(REPO, null, null, List.of("onnx/model.onnx"), null, false,
                null, null);
        resolver().resolve(onlyModel, new ConsoleDownloadProgress(out, false));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).first().isEqualTo("org/tiny: onnx/model.onnx (1.0 MB)");
        assertThat(lines).contains("org/tiny: onnx/model.onnx 10% (102.4 KB of 1.0 MB)".replace("102.4 KB",
                lines.get(1).replaceAll(".* 10% \\((.*) of .*", "$1")));
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.replaceAll(".* (\\d+)% .*", "$1"))
                .containsExactly("10", "20", "30", "40", "50", "60", "70", "80", "90", "100");
        assertThat(lines).last().isEqualTo("org/tiny: onnx/model.onnx 100% (1.0 MB of 1.0 MB)");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void severalGgufFilesNeedAFilename() {
        hub.file("org/ggufs", "tiny-q4.gguf", random(1000, 1)).file("org/ggufs", "tiny-q8.gguf", random(1000, 2));
        assertThatThrownBy(() -> resolver().resolve(source("org/ggufs"), null)).isInstanceOf(ModelException.class)
                .hasMessage("repository org/ggufs has several GGUF files (tiny-q4.gguf, tiny-q8.gguf): set filename "
                        + "to the one to use");
        HubModelSource one = new HubModelSource("org/ggufs", null, "tiny-q8.gguf", null, null, false, null, null);
        ResolvedModel resolved = resolver().resolve(one, null);
        assertThat(resolved.format()).isEqualTo("gguf");
        assertThat(resolved.path()).isEqualTo(cache.resolve("models--org--ggufs/snapshots")
                .resolve(FakeHub.commit("org/ggufs")).resolve("tiny-q8.gguf"));
    }

    @Test
    void aFileSharedWithAnotherRevisionIsLinkedNotDownloaded() throws IOException {
        resolver().resolve(source(REPO), null);
        hub.clearRequests();
        HubModelSource pinned = new HubModelSource(REPO, FakeHub.commit(REPO), null, null, null, false, null, null);
        Files.delete(snapshot().resolve("onnx/model.onnx"));
        assertThat(resolver().resolve(pinned, null).path()).isEqualTo(snapshot());
        assertThat(hub.requests()).noneMatch(r -> r.path().startsWith("/cdn/"));
        assertThat(Files.readAllBytes(snapshot().resolve("onnx/model.onnx"))).isEqualTo(model);
    }

    @Test
    void concurrentResolutionsOfOneModelDownloadEachFileOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<ResolvedModel>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> resolver().resolve(source(REPO), null)));
            }
            for (var result : results) {
                assertThat(result.get().path()).isEqualTo(snapshot());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(hub.requests()).filteredOn(r -> r.method().equals("GET")
                && r.path().equals("/cdn/org/tiny/onnx/model.onnx")).hasSize(1);
        assertThat(Files.readAllBytes(snapshot().resolve("onnx/model.onnx"))).isEqualTo(model);
    }
}
