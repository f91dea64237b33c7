package ink.octopost.auth;

import io.swagger.v3.oas.models.Operation;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Says in each operation which scopes its key needs, read from the handler's {@link
 * RequiresScope} (the annotation the scope check itself reads), as a sentence of the description
 * and as {@code x-required-scopes}: API-key security schemes have no scopes in OpenAPI.
 */
@Component
class ScopeDocs implements OperationCustomizer {

  static final String EXTENSION = "x-required-scopes";

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    RequiresScope requires = handler.getMethodAnnotation(RequiresScope.class);
    if (requires == null) {
      return operation;
    }
    List<String> scopes = Arrays.stream(requires.value()).map(Scope::wire).toList();
    String sentence = scopes.isEmpty()
        ? "Any valid key may call this."
        : "Needs the scope" + (scopes.size() > 1 ? "s " : " ") + String.join(", ", scopes)
            + " (a key created without scopes has them all).";
    String description = operation.getDescription();
    operation.setDescription(description == null || description.isBlank() ? sentence : description + "\n\n" + sentence);
    operation.addExtension(EXTENSION, scopes);
    return operation;
  }
}
