// overflow-warn: failOnOverflow=false turns the overflow into a warning; the network that does not fit
// gets no output at all, the one that fits is compiled and packaged.
import java.util.jar.JarFile

String text = new File(basedir, 'build.log').text
assert text.contains('BUILD SUCCESS')
List<String> warnings = text.readLines().findAll { it.startsWith('[WARNING]') && it.contains('too_big.onnx') }
assert !warnings.isEmpty() : 'no warning naming too_big.onnx'
// The warning carries the figures too: the available 65536 bytes and the required ones.
assert warnings.any { it =~ /\b65[,_]?536\b/ } : "the warning does not give the available bytes: $warnings"
assert !text.readLines().any { it.startsWith('[ERROR]') }

File res = new File(basedir, 'target/generated-resources/lstm/it/overflow/warn')
File src = new File(basedir, 'target/generated-sources/lstm/it/overflow/warn')
['fits.elf', 'fits.h', 'fits.memory-map.json'].each { assert new File(res, it).isFile() : "missing $it" }
assert new File(src, 'FitsOffsets.java').isFile()
['too_big.elf', 'too_big.h', 'too_big.memory-map.json'].each { assert !new File(res, it).exists() : "$it was written" }
assert !new File(src, 'TooBigOffsets.java').exists()

new JarFile(new File(basedir, 'target/overflow-warn-1.0.0.jar')).withCloseable { j ->
    assert j.getEntry('it/overflow/warn/fits.elf') != null
    assert j.getEntry('it/overflow/warn/FitsOffsets.class') != null
    assert j.getEntry('it/overflow/warn/Driver.class') != null
    assert j.getEntry('it/overflow/warn/too_big.elf') == null
    assert j.getEntry('it/overflow/warn/TooBigOffsets.class') == null
}
return true
