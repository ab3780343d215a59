// incremental: verify.groovy runs further Maven builds of this project (offline, against the IT local
// repository, with the IT settings) and checks the up-to-date logic:
//  1. an unchanged rebuild rewrites nothing (file times kept) and says so in the plugin's one INFO line;
//  2. a changed processor setting in the pom recompiles every network;
//  3. a changed network is recompiled alone;
//  4. a user property (-Dlstm.maxSequenceLength) is a configuration change too;
//  5. a deleted network has its outputs removed, and nothing the plugin did not write;
//  6. mvn lstm:compile after a normal build compiles nothing again (it shares the bound execution's state);
//  7. mvn generate-sources, what an IDE runs when it imports the project, already writes the constants.

def mvn = evaluate(new File(basedir, '../../../src/it/maven-run.groovy'))
def runMaven = { File dir, String repository, String logName, List<String> args ->
    mvn(dir, new File(dir, logName), true, args)
}

Map<String, Long> times(File basedir) {
    Map<String, Long> t = new TreeMap<>()
    ['target/generated-sources/lstm', 'target/generated-resources/lstm'].each { dir ->
        File root = new File(basedir, dir)
        if (root.exists()) {
            root.eachFileRecurse(groovy.io.FileType.FILES) { t[basedir.toPath().relativize(it.toPath()).toString()] = it.lastModified() }
        }
    }
    return t
}

String repo = localRepositoryPath.toString()
File res = new File(basedir, 'target/generated-resources/lstm/it/incremental')
File src = new File(basedir, 'target/generated-sources/lstm/it/incremental')
def outputs = { String base, String cls ->
    [new File(res, "${base}.elf"), new File(res, "${base}.h"), new File(res, "${base}.memory-map.json"), new File(src, "${cls}.java")]
}
def memorySize = { String base -> new groovy.json.JsonSlurper().parse(new File(res, "${base}.memory-map.json")).memorySize }
def pause = { Thread.sleep(1500) } // so that a rewrite shows in the file times whatever their granularity
// The plugin's own log lines (IncrementalCompiler and CompileMojo): "Compiling <file>" per compiled network,
// then "Compiled N network(s), M up to date", or only "N networks up to date" when nothing was compiled.
// maven-compiler-plugin says "Compiling 1 source file" and "all classes are up to date", so the
// assertions name the network files and match whole lines.
def hasLine = { String log, String line -> log.readLines().contains(line) }
def compiling = { String log, String network -> hasLine(log, "[INFO] Compiling src/main/networks/${network}".toString()) }
def lstmLines = { String log -> log.readLines().findAll { it ==~ /\[INFO\] (Compiling src\/main\/networks\/.*|Compiled \d+ networks?, \d+ up to date.*|\d+ networks? up to date|Removed the outputs of .*)/ } }

// The invoker's build compiled both networks.
assert new File(basedir, 'build.log').text.contains('BUILD SUCCESS')
(outputs('net_a', 'NetAOffsets') + outputs('net_b', 'NetBOffsets')).each { assert it.isFile() : "missing $it" }
assert memorySize('net_a') == 256L << 20

// 1. Nothing changed: nothing rewritten, and the log says the networks are up to date.
Map<String, Long> before = times(basedir)
assert before.size() >= 8
pause()
String log = runMaven(basedir, repo, 'build-unchanged.log', ['package'])
assert lstmLines(log) == ['[INFO] 2 networks up to date'] : "the unchanged build: ${lstmLines(log)}"
assert times(basedir) == before : 'an unchanged build rewrote outputs'
// The generated roots are registered even when nothing was regenerated: the images reach target/classes.
assert log.contains('from target/generated-resources/lstm to target/classes') : 'the generated resources root was not registered'

// 2. A processor setting changed in the pom: every network is recompiled.
File pom = new File(basedir, 'pom.xml')
assert pom.text.contains('<memorySize>256MiB</memorySize>')
pom.text = pom.text.replace('<memorySize>256MiB</memorySize>', '<memorySize>128MiB</memorySize>')
pause()
log = runMaven(basedir, repo, 'build-pom-changed.log', ['package'])
assert compiling(log, 'net_a.onnx') && compiling(log, 'net_b.onnx') : "the pom change: ${lstmLines(log)}"
assert hasLine(log, '[INFO] Compiled 2 networks, 0 up to date') : "the pom change: ${lstmLines(log)}"
assert memorySize('net_a') == 128L << 20
assert memorySize('net_b') == 128L << 20
Map<String, Long> afterPom = times(basedir)
['net_a', 'net_b'].each { n ->
    String key = "target/generated-resources/lstm/it/incremental/${n}.memory-map.json"
    assert afterPom[key] != before[key] : "$n was not rewritten after the pom changed"
}

// 3. One network changed: it alone is recompiled.
byte[] oldImage = new File(res, 'net_a.elf').bytes
File netA = new File(basedir, 'src/main/networks/net_a.onnx')
netA.bytes = new File(basedir, 'src/changed/net_a.onnx').bytes
pause()
log = runMaven(basedir, repo, 'build-network-changed.log', ['package'])
assert compiling(log, 'net_a.onnx') : "the changed network is not named: ${lstmLines(log)}"
assert !compiling(log, 'net_b.onnx') : "the unchanged network was compiled: ${lstmLines(log)}"
assert hasLine(log, '[INFO] Compiled 1 network, 1 up to date') : "one network changed: ${lstmLines(log)}"
assert new File(res, 'net_a.elf').bytes != oldImage : 'the changed network was not recompiled'
Map<String, Long> afterNetwork = times(basedir)
afterNetwork.findAll { it.key.contains('net_b') || it.key.contains('NetB') }.each { k, v ->
    assert v == afterPom[k] : "$k was rewritten though net_b did not change"
}

// 4. A user property is configuration too.
pause()
runMaven(basedir, repo, 'build-property.log', ['package', '-Dlstm.maxSequenceLength=20'])
assert new File(src, 'NetAOffsets.java').text =~ /MAX_SEQUENCE_LENGTH\s*=\s*20\b/

// 5. A deleted network: its outputs are removed, the other network's stay, and a file the plugin did not
// write is never deleted, even beside the removed outputs.
File foreign = new File(res, 'net_b.notes.txt')
foreign.text = 'written by the user, not by the plugin'
assert new File(basedir, 'src/main/networks/net_b.onnx').delete()
log = runMaven(basedir, repo, 'build-deleted.log', ['package'])
assert hasLine(log, '[INFO] Removed the outputs of net_b.onnx (network deleted)') : "deletion: ${lstmLines(log)}"
assert !compiling(log, 'net_b.onnx') : "deletion: ${lstmLines(log)}"
outputs('net_b', 'NetBOffsets').each { assert !it.exists() : "$it was not removed with its network" }
outputs('net_a', 'NetAOffsets').each { assert it.isFile() : "$it was removed" }
assert foreign.isFile() : 'the plugin deleted a file it did not write'

// 6. The goal from the command line (execution default-cli) finds the networks up to date.
pause()
before = times(basedir)
String pluginVersion = (pom.text =~ /<artifactId>lstm-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/)[0][1]
log = runMaven(basedir, repo, 'build-cli-goal.log', ["io.github.lstmhdl:lstm-maven-plugin:${pluginVersion}:compile".toString()])
assert lstmLines(log) == ['[INFO] 1 network up to date'] : "mvn lstm:compile after mvn package: ${lstmLines(log)}"
assert times(basedir) == before : 'mvn lstm:compile rewrote outputs'

// 7. From a clean tree, generate-sources gives the constants classes (and the images beside them).
new File(basedir, 'target/generated-sources').deleteDir()
new File(basedir, 'target/generated-resources').deleteDir()
new File(basedir, 'target/lstm-maven-plugin').deleteDir()
log = runMaven(basedir, repo, 'build-generate-sources.log', ['generate-sources'])
assert compiling(log, 'net_a.onnx') : "generate-sources: ${lstmLines(log)}"
outputs('net_a', 'NetAOffsets').each { assert it.isFile() : "generate-sources did not write $it" }
return true
