package dev.modelcompose.drivers.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.modelcompose.engine.spi.model.ModelException;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads a model with LoRA adapters. java-llama.cpp 4.2.0's {@code ModelParameters.addLoraScaledAdapter} passes
 * {@code --lora-scaled "path,scale"} as one argument, which llama.cpp's argument parser answers by aborting the JVM,
 * and its parameter map keeps only one adapter. So the model is created here with the library's own argument list
 * plus one well-formed {@code --lora-scaled path scale} per adapter, through its private native loader.
 */
final class LoraLoading {
    /** One adapter: its GGUF file and its scale. */
    record Adapter(String path, float scale) {
    }

    private LoraLoading() {
    }

    static LlamaModel load(ModelParameters parameters, List<Adapter> adapters) {
        if (adapters.isEmpty()) {
            return new LlamaModel(parameters);
        }
        List<String> args = new ArrayList<>(Arrays.asList(parameters.toArray()));
        for (Adapter adapter : adapters) {
            args.addAll(List.of("--lora-scaled", adapter.path(), String.format(Locale.ROOT, "%s", adapter.scale())));
        }
        try {
            Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            unsafeField.setAccessible(true);
            Object unsafe = unsafeField.get(null);
            LlamaModel model = (LlamaModel) unsafe.getClass().getMethod("allocateInstance", Class.class)
                    .invoke(unsafe, LlamaModel.class);
            Method loadModel = LlamaModel.class.getDeclaredMethod("loadModel", String[].class);
            loadModel.setAccessible(true);
            loadModel.invoke(model, (Object) args.toArray(String[]::new));
            return model;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ModelException("llama.cpp cannot load the model with its lora adapters: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ModelException("lora adapters need java-llama.cpp 4.2.0's native loader, which this build "
                    + "does not expose: " + e, e);
        }
    }
}
