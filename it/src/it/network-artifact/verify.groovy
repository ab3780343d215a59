// network-artifact: the invoker installed models/ (a jar holding only a JSON network and its weights) into
// the IT local repository, then built consumer/, which lists it in <networkArtifacts>. This script checks
// that build, then runs further Maven builds of consumer/ (offline, against the IT local repository):
//  1. the artifact's network was compiled beside the local one; the C headers and JSON maps went to
//     headerDirectory and mapDirectory, so the jar carries neither, and the attached zip has them all;
//  2. an unchanged rebuild compiles nothing;
//  3. a new version of the artifact compiles its network again, and only it;
//  4. the artifact removed from the pom: its network's outputs are removed;
//  5. an unresolvable coordinate fails the build naming the coordinate and the reason, without a stack trace;
//  6. a local network at the same path as the artifact's fails the build naming both.
import java.util.zip.ZipFile

File consumer = new File(basedir, 'consumer')
def mvn = evaluate(new File(basedir, '../../../src/it/maven-run.groovy'))
def runMaven = { File dir, String logName, boolean succeed, List<String> args ->
    mvn(dir, new File(dir, logName), succeed, args)
}
def lines = { String log -> log.readLines() }

// 1. the invoker's builds
File res = new File(consumer, 'target/generated-resources/lstm/it/artifact')
File include = new File(consumer, 'target/firmware/include/it/artifact')
File maps = new File(consumer, 'target/firmware/maps/it/artifact')
['gesture', 'local_net'].each { n ->
    assert new File(res, "${n}.elf").isFile() : "no image of $n"
    assert new File(include, "${n}.h").isFile() : "no header of $n in headerDirectory"
    assert new File(maps, "${n}.memory-map.json").isFile() : "no map of $n in mapDirectory"
    assert !new File(res, "${n}.h").exists() && !new File(res, "${n}.memory-map.json").exists()
}
assert new File(consumer, 'target/generated-sources/lstm/it/artifact/GestureOffsets.java').isFile()
assert new File(consumer, 'target/lstm-maven-plugin/compile/default/artifacts/io.github.lstmhdl.it_network-models_1.0.0_jar/gestures/gesture_lstm_W.npy').isFile() :
        'the weights beside the JSON network were extracted with it'
new ZipFile(new File(consumer, 'target/network-artifact-consumer-1.0.0.jar')).withCloseable { jar ->
    def names = jar.entries().toList()*.name
    assert names.containsAll(['it/artifact/gesture.elf', 'it/artifact/local_net.elf', 'it/artifact/GestureOffsets.class'])
    assert names.every { !it.endsWith('.h') && !it.endsWith('.memory-map.json') } : "the jar carries side files: $names"
    assert names.every { !it.endsWith('.npy') && !it.endsWith('.lstm.json') } : "the jar carries the sources: $names"
}
new ZipFile(new File(consumer, 'target/network-artifact-consumer-1.0.0-lstm-images.zip')).withCloseable { zip ->
    assert zip.entries().toList()*.name == ['it/artifact/gesture.elf', 'it/artifact/gesture.h',
            'it/artifact/gesture.memory-map.json', 'it/artifact/local_net.elf', 'it/artifact/local_net.h',
            'it/artifact/local_net.memory-map.json']
}

// 2. unchanged
String log = runMaven(consumer, 'build-unchanged.log', true, ['generate-resources'])
assert lines(log).contains('[INFO] 2 networks up to date') : log

// 3. version 1.1.0 of the models (the same files): its network is compiled again, the local one is not
runMaven(new File(basedir, 'models'), 'build-1.1.0.log', true, ['install', '-Drevision=1.1.0'])
log = runMaven(consumer, 'build-new-version.log', true,
        ['generate-resources', '-Dmodels.artifact=io.github.lstmhdl.it:network-models:1.1.0'])
assert lines(log).contains('[INFO] Compiling io.github.lstmhdl.it:network-models:1.1.0:jar!/gestures/gesture.lstm.json') : log
assert lines(log).contains('[INFO] Compiled 1 network, 1 up to date') : log
assert !new File(consumer, 'target/lstm-maven-plugin/compile/default/artifacts/io.github.lstmhdl.it_network-models_1.0.0_jar').exists()

// 4. removed
log = runMaven(consumer, 'build-removed.log', true, ['generate-resources', '-Dmodels.artifact='])
assert lines(log).contains('[INFO] Removed the outputs of gestures/gesture.lstm.json (network deleted)') : log
assert !new File(res, 'gesture.elf').exists() && !new File(include, 'gesture.h').exists()
assert !new File(maps, 'gesture.memory-map.json').exists()
assert new File(res, 'local_net.elf').isFile()

// 5. unresolvable
log = runMaven(consumer, 'build-unresolvable.log', false,
        ['generate-resources', '-Dmodels.artifact=io.github.lstmhdl.it:no-such-models:9.9'])
assert log.contains('Cannot resolve network artifact io.github.lstmhdl.it:no-such-models:9.9:jar (parameter networkArtifacts): ') : log
assert !log.contains('\tat ') : 'a stack trace at the default log level'

// 6. a clash: the consumer gets a network of its own at the artifact network's path
File clash = new File(consumer, 'src/main/networks/gestures/gesture.lstm.json')
clash.parentFile.mkdirs()
clash.text = new File(basedir, 'models/src/main/resources/gestures/gesture.lstm.json').text
log = runMaven(consumer, 'build-clash.log', false, ['generate-resources'])
assert log.contains('Network gestures/gesture.lstm.json is in both src/main/networks and network artifact'
        + ' io.github.lstmhdl.it:network-models:1.0.0:jar: ') : log
clash.delete()
return true
